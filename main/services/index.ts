import type { FilmRoomApi, FrontDoor } from '../../shared/api/index.js';
import { ClipBackfill } from '../coding/clip-backfill.js';
import { openLibrary, type Database } from '../library/index.js';
import { WorkerRunner } from '../jobs/run-in-worker.js';
import type { LaunchWorker } from '../jobs/worker-process.js';
import { ClipCache } from '../media/clip-cache.js';
import { RpcDispatcher } from '../rpc/dispatcher.js';
import { AppServiceImpl } from './app-service.js';
import { CodingServiceImpl } from './coding-service.js';
import { FeaturesServiceImpl } from './features-service.js';
import { JobsServiceImpl } from './jobs-service.js';
import { LibraryServiceImpl } from './library-service.js';
import { PlaylistsServiceImpl } from './playlists-service.js';
import { checkPageRequest } from './page-requests.js';
import { PageFilePolicy } from './page-file-policy.js';
import { ReportsServiceImpl } from './reports-service.js';
import { TrainingServiceImpl } from './training-service.js';

/** The one service object behind every front door, with the library it owns. */
export interface FilmRoom {
  readonly api: FilmRoomApi & { app: AppServiceImpl; library: LibraryServiceImpl; jobs: JobsServiceImpl; features: FeaturesServiceImpl; training: TrainingServiceImpl; reports: ReportsServiceImpl; coding: CodingServiceImpl; playlists: PlaylistsServiceImpl };
  readonly dispatcher: RpcDispatcher;
  readonly db: Database;
  /** Cancels running jobs, then closes the library. */
  close(): Promise<void>;
}

export interface OpenFilmRoomOptions {
  libraryPath: string;
  frontDoor: FrontDoor;
  /**
   * How job workers start. Electron's shell passes its utilityProcess launcher; everywhere else
   * (browser mode, tests) they are forked Node-style (main/jobs/worker-launch.ts).
   */
  launchWorker?: LaunchWorker | undefined;
}

export function openFilmRoom(options: OpenFilmRoomOptions): FilmRoom {
  const db = openLibrary(options.libraryPath);
  const files = new PageFilePolicy(db.name, options.frontDoor !== 'cli');
  const app = new AppServiceImpl(options.frontDoor, db.name, files);
  const library = new LibraryServiceImpl(db);
  const workers = new WorkerRunner({ libraryPath: db.name, launchWorker: options.launchWorker });
  const api = {
    app, library, jobs: new JobsServiceImpl(db, app, library, workers, files), features: new FeaturesServiceImpl(workers, db), training: new TrainingServiceImpl(db, app, library, workers), reports: new ReportsServiceImpl(db, files), coding: new CodingServiceImpl(db, library, new ClipBackfill(db, ClipCache.besideLibrary(db.name))), playlists: new PlaylistsServiceImpl(db),
  };
  app.exportedFile = (jobId, file) => api.jobs.exportedFile(jobId, file);
  return {
    api,
    dispatcher: new RpcDispatcher(api, { check: checkPageRequest(files) }),
    db,
    close: async () => {
      await api.jobs.dispose();
      await api.features.dispose();
      await api.training.dispose();
      await api.coding.dispose();
      app.dispose();
      library.dispose();
      db.close();
    },
  };
}
