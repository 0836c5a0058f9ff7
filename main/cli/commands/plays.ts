/** `filmroom plays …`: the coding operations of Review, scriptable, each undoable with `plays undo`. */
import { z } from 'zod';
import type { CodingHistory, CodingResult } from '../../../shared/api/coding.js';
import { addPlay, codingHistory, deletePlay, editPlay, mergePlays, redoCoding, splitPlay, trimPlay, undoCoding } from '../../coding/coding-operations.js';
import type { Database } from '../../library/index.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type CliContext, type Command, type OptionSpec } from '../command.js';

const id = (what: string) => z.string({ error: `give ${what}` }).regex(/^\d+$/, `${what} must be a number`).transform(Number);

/** Seconds as `75.5` or as a clock `1:15.5` (minutes:seconds, or h:mm:ss). */
export const timeArg = (what: string) =>
  z
    .string({ error: `give ${what}` })
    .regex(/^(\d+:){0,2}\d+(\.\d+)?$/, `${what} must be seconds (75.5) or m:ss (1:15.5)`)
    .transform((text) => text.split(':').reduce((total, part) => total * 60 + Number(part), 0));

/** An empty value clears the field (`--team ""`). */
const clearable = z.string().transform((v) => (v.trim() === '' ? null : v.trim()));
const Details = {
  library: z.string().min(1).optional(),
  team: clearable.optional(),
  period: z.string().regex(/^\d*$/, '--period must be a number').transform((v) => (v === '' ? null : Number(v))).optional(),
  clock: clearable.optional(),
  player: clearable.optional(),
  tags: z.string().transform((v) => v.split(',').map((t) => t.trim()).filter(Boolean)).optional(),
};
const DETAIL_OPTIONS: Record<string, OptionSpec> = {
  library: LIBRARY_OPTION,
  team: { type: 'string', valueName: 'NAME', description: 'the team with the ball ("" clears it)' },
  period: { type: 'string', valueName: 'P', description: 'the period, 1–4 (5+ for overtime; "" clears it)' },
  clock: { type: 'string', valueName: 'M:SS', description: 'the game clock at the play ("" clears it)' },
  player: { type: 'string', valueName: 'NAME', description: 'the player the play is about ("" clears it)' },
  tags: { type: 'string', valueName: 'A,B', description: 'free tags, comma-separated (replace the play’s tags)' },
};
const LIBRARY_ONLY = { library: LIBRARY_OPTION };

function details(o: { team?: string | null | undefined; period?: number | null | undefined; clock?: string | null | undefined; player?: string | null | undefined; tags?: string[] | undefined }) {
  return {
    ...(o.team !== undefined ? { team: o.team } : {}),
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(o.clock !== undefined ? { clock: o.clock } : {}),
    ...(o.player !== undefined ? { player: o.player } : {}),
    ...(o.tags !== undefined ? { tags: o.tags } : {}),
  };
}

async function withLibrary<T>(context: CliContext, library: string | undefined, work: (db: Database) => T): Promise<T> {
  const room = openFilmRoom({ libraryPath: resolveLibraryPath(library, context.env), frontDoor: 'cli' });
  try {
    return work(room.db);
  } finally {
    await room.close();
  }
}

function report(context: CliContext, result: CodingResult | null, nothing: string): CodingResult | null {
  if (!result) {
    context.info(nothing);
    return null;
  }
  context.info(`${result.direction === 'undo' ? 'Undone: ' : result.direction === 'redo' ? 'Redone: ' : ''}${result.summary}`);
  for (const p of result.plays) context.info(`  play ${p.id}  ${p.startS.toFixed(2)}–${p.endS.toFixed(2)} s  ${p.playType}${p.team ? `  ${p.team.name}` : ''}${p.period !== null ? `  P${p.period}` : ''}${p.clock ? `  ${p.clock}` : ''}${p.player ? `  ${p.player}` : ''}${p.tags.length ? `  [${p.tags.join(', ')}]` : ''}`);
  if (result.removedPlayIds.length) context.info(`  removed play ${result.removedPlayIds.join(', ')}`);
  return result;
}

const AddOptions = z.object({ game: id('the game: --game G'), start: timeArg('the start: --start S'), end: timeArg('the end: --end S'), type: z.string({ error: 'give the play type: --type T' }).min(1), ...Details }).strict();
export const playsAddCommand: Command<z.infer<typeof AddOptions>> = {
  path: ['plays', 'add'],
  summary: 'Code a new play on a game’s film (refused if it overlaps another play, is zero-length, or runs past the video).',
  options: {
    game: { type: 'string', valueName: 'G', description: 'the game' },
    start: { type: 'string', valueName: 'S', description: 'where the play starts (seconds, or m:ss)' },
    end: { type: 'string', valueName: 'S', description: 'where it ends' },
    type: { type: 'string', valueName: 'T', description: 'its play type (e.g. PRBallHandler)' },
    ...DETAIL_OPTIONS,
  },
  positionals: [],
  schema: AddOptions,
  examples: ['filmroom plays add --game 3 --start 61.2 --end 68 --type Isolation --team Suns --period 4 --clock 5:12 --player "D. Booker"'],
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, addPlay(db, { gameId: o.game, startS: o.start, endS: o.end, playType: o.type, ...details(o) }), '')),
};

const TrimOptions = z.object({ library: z.string().min(1).optional(), play: id('the play: --play ID'), start: timeArg('--start').optional(), end: timeArg('--end').optional() }).strict();
export const playsTrimCommand: Command<z.infer<typeof TrimOptions>> = {
  path: ['plays', 'trim'],
  summary: 'Move a play’s start and/or end (its predictions become stale, its clip is sampled again by the next extraction).',
  options: { library: LIBRARY_OPTION, play: { type: 'string', valueName: 'ID', description: 'the play' }, start: { type: 'string', valueName: 'S', description: 'its new start' }, end: { type: 'string', valueName: 'S', description: 'its new end' } },
  positionals: [],
  schema: TrimOptions,
  examples: ['filmroom plays trim --play 12 --start 60.8'],
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, trimPlay(db, { playId: o.play, ...(o.start !== undefined ? { startS: o.start } : {}), ...(o.end !== undefined ? { endS: o.end } : {}) }), '')),
};

const SplitOptions = z.object({ library: z.string().min(1).optional(), play: id('the play: --play ID'), at: timeArg('where to split: --at S') }).strict();
export const playsSplitCommand: Command<z.infer<typeof SplitOptions>> = {
  path: ['plays', 'split'],
  summary: 'Split a play in two at a time inside it; both halves keep its label and details.',
  options: { library: LIBRARY_OPTION, play: { type: 'string', valueName: 'ID', description: 'the play' }, at: { type: 'string', valueName: 'S', description: 'where to split (seconds, or m:ss)' } },
  positionals: [],
  schema: SplitOptions,
  examples: ['filmroom plays split --play 12 --at 64.5'],
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, splitPlay(db, { playId: o.play, atS: o.at }), '')),
};

const DeleteOptions = z.object({ library: z.string().min(1).optional(), play: id('the play: --play ID') }).strict();
export const playsDeleteCommand: Command<z.infer<typeof DeleteOptions>> = {
  path: ['plays', 'delete'],
  summary: 'Delete a play (`filmroom plays undo` brings it back).',
  options: { library: LIBRARY_OPTION, play: { type: 'string', valueName: 'ID', description: 'the play' } },
  positionals: [],
  schema: DeleteOptions,
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, deletePlay(db, { playId: o.play }), '')),
};

const MergeOptions = z.object({ library: z.string().min(1).optional(), play: z.array(z.string().regex(/^\d+$/, '--play must be a number').transform(Number)).length(2, 'give the two neighbouring plays: --play A --play B') }).strict();
export const playsMergeCommand: Command<z.infer<typeof MergeOptions>> = {
  path: ['plays', 'merge'],
  summary: 'Merge two neighbouring plays of a game into one spanning both (the earlier one’s label and details stay).',
  options: { library: LIBRARY_OPTION, play: { type: 'string', valueName: 'ID', description: 'one of the two plays (give --play twice)', multiple: true } },
  positionals: [],
  schema: MergeOptions,
  examples: ['filmroom plays merge --play 12 --play 13'],
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, mergePlays(db, { firstPlayId: o.play[0]!, secondPlayId: o.play[1]! }), '')),
};

const EditOptions = z.object({ play: id('the play: --play ID'), type: z.string().min(1).optional(), ...Details }).strict();
export const playsEditCommand: Command<z.infer<typeof EditOptions>> = {
  path: ['plays', 'edit'],
  summary: 'Change a play’s type, team, period, clock, player or tags.',
  options: { play: { type: 'string', valueName: 'ID', description: 'the play' }, type: { type: 'string', valueName: 'T', description: 'its new play type' }, ...DETAIL_OPTIONS },
  positionals: [],
  schema: EditOptions,
  examples: ['filmroom plays edit --play 12 --player "C. Paul" --tags late-clock,ato'],
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, editPlay(db, { playId: o.play, ...(o.type !== undefined ? { playType: o.type } : {}), ...details(o) }), '')),
};

const LibraryOnly = z.object({ library: z.string().min(1).optional() }).strict();
export const playsUndoCommand: Command<z.infer<typeof LibraryOnly>> = {
  path: ['plays', 'undo'],
  summary: 'Undo the last coding operation (from the app or the command line, across restarts).',
  options: LIBRARY_ONLY,
  positionals: [],
  schema: LibraryOnly,
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, undoCoding(db), 'Nothing to undo.')),
};

export const playsRedoCommand: Command<z.infer<typeof LibraryOnly>> = {
  path: ['plays', 'redo'],
  summary: 'Redo the last coding operation undone.',
  options: LIBRARY_ONLY,
  positionals: [],
  schema: LibraryOnly,
  run: (context, o) => withLibrary(context, o.library, (db) => report(context, redoCoding(db), 'Nothing to redo.')),
};

export const playsHistoryCommand: Command<z.infer<typeof LibraryOnly>> = {
  path: ['plays', 'history'],
  summary: 'What `plays undo` and `plays redo` would do now.',
  options: LIBRARY_ONLY,
  positionals: [],
  schema: LibraryOnly,
  run: (context, o) =>
    withLibrary(context, o.library, (db): CodingHistory => {
      const h = codingHistory(db);
      context.info(`Undo: ${h.undo?.summary ?? 'nothing'} (${h.done} done)`);
      context.info(`Redo: ${h.redo?.summary ?? 'nothing'} (${h.undone} undone)`);
      return h;
    }),
};

export const playsCommands = [playsAddCommand, playsTrimCommand, playsSplitCommand, playsDeleteCommand, playsMergeCommand, playsEditCommand, playsUndoCommand, playsRedoCommand, playsHistoryCommand];
