import { initialSchema } from './001-initial.js';
import { librarySettings } from './002-settings.js';
import { featureScaling } from './003-feature-scaling.js';
import { runKindsAndCalibration } from './004-run-kinds-and-calibration.js';
import { featuresInFiles } from './005-features-in-files.js';
import { codingSchema } from './006-coding.js';
import { defaultColours } from './007-default-colours.js';
import type { Migration } from './types.js';

/** Every schema version in order. Append only: a released migration never changes. */
export const migrations: readonly Migration[] = [initialSchema, librarySettings, featureScaling, runKindsAndCalibration, featuresInFiles, codingSchema, defaultColours];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

export type { Migration } from './types.js';
