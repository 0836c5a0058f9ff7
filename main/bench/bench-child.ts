import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a part of the bench in a fresh child of itself and returns the one JSON line it prints last.
 * Each measured size gets its own process so its peak memory and CPU time are its own, not the
 * sum of everything measured before it. Node only: the bench is never part of the app.
 */
export function runBenchChild<T>(flag: string, spec: unknown, what: string): Promise<T> {
  // The bench is built into one file (dist/main/bench.js), which dispatches the flag to the child's side.
  const self = fileURLToPath(import.meta.url);
  const args = [self, flag, JSON.stringify(spec)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${what}'s child process failed (exit ${code}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}
