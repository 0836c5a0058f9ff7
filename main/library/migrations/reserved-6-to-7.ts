import type { Migration } from './types.js';

/**
 * Versions 6 and 7 belong to migrations written on other branches (import, hardening). Until each is merged, these stand-ins keep the versions gapless so 008 can
 * run. They change nothing; at each merge the real migration replaces its stand-in in index.ts.
 */
const reserved = (version: number, owner: string): Migration => ({ version, name: `reserved (${owner})`, up: '' });

export const reservedForImport = reserved(6, 'import');
export const reservedForHarden = reserved(7, 'hardening');
