/** `filmroom playlists …`: cut-ups kept in the library, from a filter or a hand-picked list. */
import { z } from 'zod';
import type { PlaylistContents, PlaylistFilter, PlaylistSummary } from '../../../shared/api/playlists.js';
import { createPlaylist, deletePlaylist, listPlaylists, reorderPlaylist, showPlaylist } from '../../coding/playlists.js';
import { ValidationError } from '../../../shared/errors.js';
import type { Database } from '../../library/index.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type CliContext, type Command } from '../command.js';

const number = (what: string) => z.string().regex(/^\d+$/, `${what} must be a number`).transform(Number);
const ids = z.array(number('--play')).optional();
const name = z.string({ error: 'give the playlist’s name: --name NAME' }).min(1);

async function withLibrary<T>(context: CliContext, library: string | undefined, work: (db: Database) => T): Promise<T> {
  const room = openFilmRoom({ libraryPath: resolveLibraryPath(library, context.env), frontDoor: 'cli' });
  try {
    return work(room.db);
  } finally {
    await room.close();
  }
}

const CreateOptions = z
  .object({
    library: z.string().min(1).optional(),
    name,
    play: ids,
    game: number('--game').optional(),
    team: z.string().min(1).optional(),
    period: number('--period').optional(),
    type: z.string().min(1).optional(),
    source: z.enum(['imported', 'analyst', 'model'], { error: '--source is imported, analyst or model' }).optional(),
    player: z.string().min(1).optional(),
    tag: z.array(z.string().min(1)).optional(),
    run: number('--run').optional(),
    predicted: z.string().min(1).optional(),
    'held-out': z.boolean().optional(),
    wrong: z.boolean().optional(),
  })
  .strict();

export const playlistsCreateCommand: Command<z.infer<typeof CreateOptions>> = {
  path: ['playlists', 'create'],
  summary: 'Save a playlist: the plays given with --play (in that order), or a filter that is evaluated afresh each time.',
  options: {
    library: LIBRARY_OPTION,
    name: { type: 'string', valueName: 'NAME', description: 'its name (unique in the library)' },
    play: { type: 'string', valueName: 'ID', description: 'a play of a hand-picked list (repeat, in playing order)', multiple: true },
    game: { type: 'string', valueName: 'G', description: 'filter: plays of this game' },
    team: { type: 'string', valueName: 'NAME', description: 'filter: plays of this team' },
    period: { type: 'string', valueName: 'P', description: 'filter: plays of this period' },
    type: { type: 'string', valueName: 'T', description: 'filter: plays labelled with this type' },
    source: { type: 'string', valueName: 'S', description: 'filter: labels from imported, analyst or model' },
    player: { type: 'string', valueName: 'NAME', description: 'filter: plays of this player' },
    tag: { type: 'string', valueName: 'TAG', description: 'filter: plays with this tag (repeat: all of them)', multiple: true },
    run: { type: 'string', valueName: 'R', description: 'filter: the run whose predictions --predicted, --held-out and --wrong read' },
    predicted: { type: 'string', valueName: 'T', description: 'filter: plays run R predicted as this type' },
    'held-out': { type: 'boolean', description: 'filter: only plays of run R’s held-out games' },
    wrong: { type: 'boolean', description: 'filter: only plays run R got wrong' },
  },
  positionals: [],
  schema: CreateOptions,
  examples: ['filmroom playlists create --name "Suns PnR Q4" --team Suns --type PRBallHandler --period 4', 'filmroom playlists create --name "Misses of run 3" --run 3 --held-out --wrong', 'filmroom playlists create --name "Monday film" --play 12 --play 40 --play 7'],
  run: (context, o): Promise<PlaylistSummary> =>
    withLibrary(context, o.library, (db) => {
      const filter: PlaylistFilter = {
        ...(o.game !== undefined ? { gameId: o.game } : {}),
        ...(o.team !== undefined ? { team: o.team } : {}),
        ...(o.period !== undefined ? { period: o.period } : {}),
        ...(o.type !== undefined ? { playType: o.type } : {}),
        ...(o.source !== undefined ? { labelSource: o.source } : {}),
        ...(o.player !== undefined ? { player: o.player } : {}),
        ...(o.tag !== undefined ? { tags: o.tag } : {}),
        ...(o.run !== undefined ? { runId: o.run } : {}),
        ...(o.predicted !== undefined ? { predictedType: o.predicted } : {}),
        ...(o['held-out'] ? { heldOut: true } : {}),
        ...(o.wrong ? { wrong: true } : {}),
      };
      if (o.play && Object.keys(filter).length > 0) throw new ValidationError('Give either plays (--play) or filter options, not both.');
      const summary = createPlaylist(db, o.play ? { name: o.name, playIds: o.play } : { name: o.name, filter });
      context.info(`Saved playlist "${summary.name}" (${summary.kind === 'list' ? 'hand-picked' : 'filter'}): ${summary.playCount} plays`);
      return summary;
    }),
};

const LibraryOnly = z.object({ library: z.string().min(1).optional() }).strict();
export const playlistsListCommand: Command<z.infer<typeof LibraryOnly>> = {
  path: ['playlists', 'list'],
  summary: 'The library’s playlists, with how many plays each holds now.',
  options: { library: LIBRARY_OPTION },
  positionals: [],
  schema: LibraryOnly,
  run: (context, o): Promise<PlaylistSummary[]> =>
    withLibrary(context, o.library, (db) => {
      const all = listPlaylists(db);
      if (all.length === 0) context.info('No playlists yet (`filmroom playlists create` saves one).');
      for (const p of all) context.info(`${p.name}  ${p.kind === 'list' ? 'hand-picked' : `filter ${JSON.stringify(p.filter)}`}  ${p.playCount} plays`);
      return all;
    }),
};

const NameOptions = z.object({ library: z.string().min(1).optional(), name }).strict();
const NAME_OPTIONS = { library: LIBRARY_OPTION, name: { type: 'string', valueName: 'NAME', description: 'the playlist' } } as const;
export const playlistsShowCommand: Command<z.infer<typeof NameOptions>> = {
  path: ['playlists', 'show'],
  summary: 'A playlist’s plays in playing order.',
  options: NAME_OPTIONS,
  positionals: [],
  schema: NameOptions,
  run: (context, o): Promise<PlaylistContents> =>
    withLibrary(context, o.library, (db) => {
      const list = showPlaylist(db, { name: o.name });
      context.info(`${list.name}: ${list.playCount} plays`);
      for (const p of list.plays) context.info(`  play ${p.id}  game ${p.gameId}  ${p.startS.toFixed(2)}–${p.endS.toFixed(2)} s  ${p.playType}${p.team ? `  ${p.team.name}` : ''}${p.period !== null ? `  P${p.period}` : ''}${p.player ? `  ${p.player}` : ''}`);
      return list;
    }),
};

export const playlistsDeleteCommand: Command<z.infer<typeof NameOptions>> = {
  path: ['playlists', 'delete'],
  summary: 'Delete a playlist (its plays stay in the library).',
  options: NAME_OPTIONS,
  positionals: [],
  schema: NameOptions,
  run: (context, o) =>
    withLibrary(context, o.library, (db) => {
      deletePlaylist(db, { name: o.name });
      context.info(`Deleted playlist "${o.name}"`);
      return { deleted: o.name };
    }),
};

const ReorderOptions = z.object({ library: z.string().min(1).optional(), name, play: z.array(number('--play'), { error: 'give the plays in their new order: --play ID …' }) }).strict();
export const playlistsReorderCommand: Command<z.infer<typeof ReorderOptions>> = {
  path: ['playlists', 'reorder'],
  summary: 'Put a hand-picked playlist’s plays in a new order (list every play once).',
  options: { ...NAME_OPTIONS, play: { type: 'string', valueName: 'ID', description: 'the plays in their new order (repeat)', multiple: true } },
  positionals: [],
  schema: ReorderOptions,
  run: (context, o) =>
    withLibrary(context, o.library, (db) => {
      const list = reorderPlaylist(db, { name: o.name, playIds: o.play });
      context.info(`${list.name}: ${list.plays.map((p) => p.id).join(', ')}`);
      return list;
    }),
};

export const playlistsCommands = [playlistsCreateCommand, playlistsListCommand, playlistsShowCommand, playlistsDeleteCommand, playlistsReorderCommand];
