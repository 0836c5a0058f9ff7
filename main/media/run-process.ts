import { spawn } from 'node:child_process';

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/**
 * Runs a binary to completion, collecting stdout as bytes and the tail of stderr as text (the last
 * 8 KiB unless `stderrTailChars` says more).
 * An abort signal kills it: long decodes stop as soon as the user cancels.
 */
export function runProcess(command: string, args: readonly string[], options: { signal?: AbortSignal; maxStdoutBytes?: number; stderrTailChars?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (options.maxStdoutBytes !== undefined && size > options.maxStdoutBytes) {
        child.kill('SIGKILL');
        reject(new Error(`${command} produced more than ${options.maxStdoutBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-(options.stderrTailChars ?? 8192));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(chunks), stderr, code }));
  });
}

/** The last meaningful line ffmpeg printed, for error messages a person can read. */
export function lastLine(stderr: string): string {
  return stderr.trim().split('\n').filter(Boolean).at(-1)?.trim() ?? 'no details';
}
