import { spawn } from 'node:child_process';
import path from 'node:path';
import { CancelledError, deserializeError } from '../../shared/errors.js';
import { fromSnakeCase } from '../cli/output.js';
import { packageRoot } from '../system/package-paths.js';

export interface ChildProgress {
  done: number;
  total: number;
  label: string;
  etaS: number | null;
}

/**
 * Runs a `filmroom` command in a child process and returns its `--json` result in API form.
 * Heavy work (a network's forward passes block the thread they run on) thus never stalls the
 * front door that asked; progress arrives as JSON lines; aborting sends SIGTERM, which the
 * command treats as Ctrl+C, keeping what it finished.
 */
export function runFilmroomCommand<T>(args: readonly string[], options: { signal?: AbortSignal; onProgress?: (progress: ChildProgress) => void } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'filmroom.js'), ...args, '--json', '--progress-json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    let pending = '';
    const abort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const progress = parseProgress(line);
        if (progress) options.onProgress?.(progress);
        else if (line.trim()) stderrTail = line;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', abort);
      let parsed: unknown;
      try {
        parsed = fromSnakeCase(JSON.parse(stdout || 'null'));
      } catch {
        parsed = null;
      }
      const error = (parsed as { error?: { name: string; message: string } } | null)?.error;
      if (code === 0 && parsed !== null && !error) resolve(parsed as T);
      else if (options.signal?.aborted) reject(new CancelledError(error?.message ?? 'Cancelled.'));
      else reject(error ? deserializeError(error) : new Error(stderrTail || `filmroom ${args[0]} exited with code ${code}`));
    });
  });
}

function parseProgress(line: string): ChildProgress | undefined {
  if (!line.startsWith('{"progress"')) return undefined;
  try {
    const { progress } = JSON.parse(line) as { progress: { done: number; total: number; label: string; eta_s: number | null } };
    return { done: progress.done, total: progress.total, label: progress.label, etaS: progress.eta_s };
  } catch {
    return undefined;
  }
}
