import { initialSchema } from './001-initial.js';
import { librarySettings } from './002-settings.js';
import { featureScaling } from './003-feature-scaling.js';
import { codingSchema } from './008-coding.js';
import { reservedForHarden, reservedForImport, reservedForRuns, reservedForSeason } from './reserved-4-to-7.js';
import type { Migration } from './types.js';

/** Every schema version in order. Append only: a released migration never changes. */
export const migrations: readonly Migration[] = [initialSchema, librarySettings, featureScaling, reservedForRuns, reservedForSeason, reservedForImport, reservedForHarden, codingSchema];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

export type { Migration } from './types.js';
