import type { z } from 'zod';
import type { Event } from '../events.js';
import { appContract, type AppService } from './app.js';
import { featuresContract, type FeaturesService } from './features.js';
import { jobsContract, type JobsService } from './jobs.js';
import { libraryContract, type LibraryService } from './library.js';
import { reportsContract, type ReportsService } from './reports.js';
import { trainingContract, type TrainingService } from './training.js';

export * from './app.js';
export * from './features.js';
export * from './jobs.js';
export * from './library.js';
export * from './model-spec.js';
export * from './reports.js';
export * from './run-spec.js';
export * from './training.js';

/** Everything the renderer, the CLI and scripts may ask of Film Room's main side. */
export interface FilmRoomApi {
  app: AppService;
  library: LibraryService;
  jobs: JobsService;
  features: FeaturesService;
  training: TrainingService;
  reports: ReportsService;
}

/**
 * The runtime half of the contract: for each service, one request schema per method and the
 * names of its events. Front doors validate every call against it and refuse anything it lacks.
 */
export const contract = {
  app: appContract,
  library: libraryContract,
  jobs: jobsContract,
  features: featuresContract,
  training: trainingContract,
  reports: reportsContract,
} as const satisfies ContractOf<FilmRoomApi>;

export type ServiceName = keyof FilmRoomApi;

type MethodNames<S> = {
  [K in keyof S]: S[K] extends Event<unknown> ? never : S[K] extends (request: never) => Promise<unknown> ? K : never;
}[keyof S];
type EventNames<S> = { [K in keyof S]: S[K] extends Event<unknown> ? K : never }[keyof S];

/** The contract must name exactly the interface's methods and events: a missing schema is a compile error. */
type ContractOf<Api> = {
  [Service in keyof Api]: {
    methods: { [Method in MethodNames<Api[Service]>]: z.ZodType };
    events: readonly EventNames<Api[Service]>[];
  };
};

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(contract, name);
}
