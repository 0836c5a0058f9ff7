import { initialSchema } from './001-initial.js';
import type { Migration } from './types.js';

/** Every schema version in order. Append only: a released migration never changes. */
export const migrations: readonly Migration[] = [initialSchema];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

export type { Migration } from './types.js';
