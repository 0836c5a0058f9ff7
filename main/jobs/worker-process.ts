/**
 * A job worker as the services see it, whatever started it: `child_process.fork` under Node (the
 * CLI and browser mode), `utilityProcess.fork` under Electron (provided by main/electron, the only
 * layer that may import 'electron'). Messages are plain structured-clone data; the receiving side
 * checks each one with zod before it trusts it.
 */
export interface WorkerProcess {
  /** The worker's process id, where the launcher knows it (for logs and for tests that kill it). */
  readonly pid?: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone; `reason` is plain words ("killed by SIGKILL", "exited with code 3"). */
  onExit(listener: (code: number | null, reason: string) => void): void;
  kill(): void;
}

/** Starts the worker entry (a built .js file) with the given environment. */
export type LaunchWorker = (entryPath: string, options: { env: NodeJS.ProcessEnv }) => WorkerProcess;
