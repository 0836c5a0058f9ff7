import type { AnyCommand } from '../command.js';
import { libraryBackupCommand } from './library-backup.js';
import { libraryInfoCommand } from './library-info.js';
import { serveCommand } from './serve.js';

/** Every `filmroom` subcommand, in the order `filmroom --help` lists them. */
export const commands: readonly AnyCommand[] = [serveCommand, libraryInfoCommand, libraryBackupCommand];
