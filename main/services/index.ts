import type { FilmRoomApi, FrontDoor } from '../../shared/api/index.js';
import type { LaunchWorker } from '../jobs/worker-process.js';
import { openLibrary, type Database } from '../library/index.js';
import { RpcDispatcher } from '../rpc/dispatcher.js';
import { AppServiceImpl } from './app-service.js';
import { FeaturesServiceImpl } from './features-service.js';
import { JobsServiceImpl } from './jobs-service.js';
import { LibraryServiceImpl } from './library-service.js';
import { ReportsServiceImpl } from './reports-service.js';
import { TrainingServiceImpl } from './training-service.js';

/** The one service object behind every front door, with the library it owns. */
export interface FilmRoom {
  readonly api: FilmRoomApi & { app: AppServiceImpl; library: LibraryServiceImpl; jobs: JobsServiceImpl; features: FeaturesServiceImpl; training: TrainingServiceImpl; reports: ReportsServiceImpl };
  readonly dispatcher: RpcDispatcher;
  readonly db: Database;
  /** Cancels running jobs, then closes the library. */
  close(): Promise<void>;
}

export interface OpenFilmRoomOptions {
  libraryPath: string;
  frontDoor: FrontDoor;
  /** How job workers start: Electron's shell relays `utilityProcess.fork`; absent, the jobs fork them. */
  launchWorker?: LaunchWorker;
}

export function openFilmRoom(options: OpenFilmRoomOptions): FilmRoom {
  const db = openLibrary(options.libraryPath);
  const app = new AppServiceImpl(options.frontDoor, db.name);
  const library = new LibraryServiceImpl(db);
  const api = { app, library, jobs: new JobsServiceImpl(db, app, library, undefined, options.launchWorker), features: new FeaturesServiceImpl(db.name), training: new TrainingServiceImpl(db, app, library), reports: new ReportsServiceImpl(db) };
  return {
    api,
    dispatcher: new RpcDispatcher(api),
    db,
    close: async () => {
      await api.jobs.dispose();
      await api.training.dispose();
      app.dispose();
      library.dispose();
      db.close();
    },
  };
}
