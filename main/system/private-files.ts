/**
 * Film Room's files are the user's alone: a library holds a team's scouting, its clips and weights
 * are derived from licensed film. Folders it creates are 0700 and files 0600 (on POSIX; Windows
 * ignores these modes and keeps its per-user profile ACLs).
 */
export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * For the front doors' processes (CLI, Electron): whatever else the process creates (SQLite's WAL
 * and shared-memory files, checkpoints, a child's outputs) starts private as well. Not called by
 * library code, so embedding Film Room's modules never changes a host process's umask.
 */
export function usePrivateUmask(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}
