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

/**
 * The job worker is a built file of the app, `dist/main/worker.js` (or one under dist/main/worker/):
 * the shell starts nothing else on the services host's behalf.
 */
export function isWorkerEntry(entryPath: string, root: string = packageRoot()): boolean {
  const built = path.join(root, 'dist', 'main');
  const resolved = path.resolve(entryPath);
  if (/^worker\.(c|m)?js$/.test(path.relative(built, resolved))) return true;
  return resolved.startsWith(path.join(built, 'worker') + path.sep) && /\.(c|m)?js$/.test(resolved);
}
