import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Film Room';

/** Where the platform keeps per-user application data (Electron's `appData`). */
export function appDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.join(home, '.config');
}

/** The library used when the user names none: `<app data>/Film Room/library.filmroom.db`. */
export function defaultLibraryPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(appDataFolder(env, platform), APP_FOLDER_NAME, 'library.filmroom.db');
}

/** `--library PATH` wins, then `FILMROOM_LIBRARY`, then the default. */
export function resolveLibraryPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.FILMROOM_LIBRARY) return path.resolve(env.FILMROOM_LIBRARY);
  return defaultLibraryPath(env);
}

/** The folder beside a library file that holds its weight files: `<library>.weights/`. */
export function weightsFolderOf(libraryFile: string): string {
  const parsed = path.parse(path.resolve(libraryFile));
  return path.join(parsed.dir, `${parsed.name}.weights`);
}
