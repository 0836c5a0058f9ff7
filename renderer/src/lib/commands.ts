import { shellQuote } from './format.js';

/**
 * CLI commands as the user would type them for the library this window has open, so a command
 * copied from the app acts on the same file the app shows.
 */
export function withLibrary(command: string, libraryPath: string | undefined, platform?: string): string {
  return libraryPath ? `${command} --library ${shellQuote(libraryPath, platform)}` : command;
}

export const SYNTH_DIR = 'synthetic-season';
export const SYNTH_COMMAND = `filmroom synth --out ${SYNTH_DIR} --games 4 --plays-per-game 20 --seed 1`;
