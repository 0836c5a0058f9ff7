import type { FilmRoomApi, FrontDoor } from '../../shared/api/index.js';
import { openLibrary, type Database } from '../library/index.js';
import { RpcDispatcher } from '../rpc/dispatcher.js';
import { AppServiceImpl } from './app-service.js';
import { CodingServiceImpl } from './coding-service.js';
import { FeaturesServiceImpl } from './features-service.js';
import { JobsServiceImpl } from './jobs-service.js';
import { LibraryServiceImpl } from './library-service.js';
import { PlaylistsServiceImpl } from './playlists-service.js';
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

export function openFilmRoom(options: { libraryPath: string; frontDoor: FrontDoor }): FilmRoom {
  const db = openLibrary(options.libraryPath);
  const app = new AppServiceImpl(options.frontDoor, db.name);
  const library = new LibraryServiceImpl(db);
  const api = { app, library, jobs: new JobsServiceImpl(db, app, library), features: new FeaturesServiceImpl(db.name), training: new TrainingServiceImpl(db, app, library), reports: new ReportsServiceImpl(db), coding: new CodingServiceImpl(db, library), playlists: new PlaylistsServiceImpl(db) };
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
