export { openLibrary, FILMROOM_APPLICATION_ID, type Database } from './database.js';
export { migrate } from './migrate.js';
export { LATEST_SCHEMA_VERSION, migrations } from './migrations/index.js';
export { backupLibrary, type BackupResult } from './backup.js';
export { defaultLibraryPath, resolveLibraryPath, appDataFolder } from './paths.js';
