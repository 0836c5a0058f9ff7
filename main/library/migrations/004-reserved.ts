import type { Migration } from './types.js';

/**
 * Version 4 is the training runs' migration, written on another branch; until it is merged this
 * stand-in keeps the versions gapless so 005 can run. It changes nothing. At the merge, the real
 * 004 replaces this file and its line in index.ts.
 */
export const reservedForRuns: Migration = {
  version: 4,
  name: 'reserved (training runs)',
  up: '',
};
