import { z } from 'zod';
import type { LibraryInfo } from '../../../shared/api/library.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type Command } from '../command.js';

const Options = z.object({ library: z.string().min(1).optional() }).strict();

export const libraryInfoCommand: Command<z.infer<typeof Options>> = {
  path: ['library', 'info'],
  summary: 'Show the library file, its schema version and how much it holds (creates it if new).',
  options: { library: LIBRARY_OPTION },
  positionals: [],
  schema: Options,
  examples: ['filmroom library info', 'filmroom library info --library /tmp/season.db --json'],
  async run(context, options): Promise<LibraryInfo> {
    const filmRoom = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'cli' });
    try {
      const info = await filmRoom.api.library.info({});
      context.info(`Library  ${info.path}`);
      context.info(`Schema   version ${info.schemaVersion} (this Film Room reads up to ${info.supportedSchemaVersion})`);
      const c = info.counts;
      context.info(`Holds    ${c.seasons} seasons, ${c.teams} teams, ${c.games} games, ${c.plays} plays, ${c.clips} clips`);
      context.info(`Models   ${c.weightSets} weight sets, ${c.featureSets} feature sets, ${c.models} models, ${c.trainingRuns} training runs, ${c.predictions} predictions`);
      if (c.games === 0) context.info('\nThe library is empty: import a season with `filmroom import FOLDER --library ' + info.path + '`.');
      return info;
    } finally {
      await filmRoom.close();
    }
  },
};
