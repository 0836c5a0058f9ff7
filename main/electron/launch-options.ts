import path from 'node:path';
import { resolveLibraryPath } from '../library/paths.js';
import { packageRoot } from '../system/package-paths.js';

// The desktop shell's start-up decisions as plain functions, unit-tested without Electron.

/** `--library PATH` or `--library=PATH` on the app's command line. */
export function libraryFlag(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--library');
  return index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--library='))?.slice('--library='.length);
}

/** `--library` wins, then FILMROOM_LIBRARY, then the library in Electron's userData folder. */
export function desktopLibraryPath(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): string {
  const flag = libraryFlag(argv);
  if (flag || env.FILMROOM_LIBRARY) return resolveLibraryPath(flag, env);
  return path.join(userData, 'library.filmroom.db');
}

/** The services host's built entry (`npm run build` writes it). */
export function servicesHostEntry(root: string = packageRoot()): string {
  return path.join(root, 'dist', 'main', 'services-host.cjs');
}

/** Job workers are built files under dist/main/worker/; the shell starts nothing else for the host. */
export function isWorkerEntry(entryPath: string, root: string = packageRoot()): boolean {
  const workers = path.join(root, 'dist', 'main', 'worker') + path.sep;
  const resolved = path.resolve(entryPath);
  return resolved.startsWith(workers) && /\.(c|m)?js$/.test(resolved);
}
