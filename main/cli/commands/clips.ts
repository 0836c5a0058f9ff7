/** `filmroom clips export`: plays as video (one MP4, or one per play), for film sessions. */
import path from 'node:path';
import { z } from 'zod';
import { runClipExport } from '../../application/clip-export.js';
import type { ClipExportResult } from '../../export/clip-export.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type Command } from '../command.js';

const seconds = (what: string) => z.string().regex(/^\d+(\.\d+)?$/, `${what} must be a number of seconds`).transform(Number);

const Options = z
  .object({
    library: z.string().min(1).optional(),
    play: z.array(z.string().regex(/^\d+$/, '--play must be a play number').transform(Number)).optional(),
    game: z.string().regex(/^\d+$/, '--game must be a game number').transform(Number).optional(),
    playlist: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    'per-play': z.string().min(1).optional(),
    lead: seconds('--lead').optional(),
    lag: seconds('--lag').optional(),
    titles: z.boolean().optional(),
  })
  .strict()
  .refine((o) => [o.play, o.game, o.playlist].filter((x) => x !== undefined).length === 1, { message: 'choose the plays: --play ID (repeatable), --game G or --playlist NAME' })
  .refine((o) => o.out !== undefined || o['per-play'] !== undefined, { message: 'say where to write: --out FILE.mp4 and/or --per-play DIR' });

export const clipsExportCommand: Command<z.infer<typeof Options>> = {
  path: ['clips', 'export'],
  summary: 'Export plays as MP4 (H.264, AAC where the video has sound): one file in order and/or one file per play, with lead/lag and optional title cards.',
  options: {
    library: LIBRARY_OPTION,
    play: { type: 'string', valueName: 'ID', description: 'a play to export (repeat for a selection, in that order)', multiple: true },
    game: { type: 'string', valueName: 'G', description: 'every play of a game, in film order' },
    playlist: { type: 'string', valueName: 'NAME', description: 'a playlist’s plays, in its order' },
    out: { type: 'string', valueName: 'FILE.mp4', description: 'one file with every play in order' },
    'per-play': { type: 'string', valueName: 'DIR', description: 'one file per play in this folder (NN-play-ID-TYPE.mp4)' },
    lead: { type: 'string', valueName: 'S', description: 'seconds of film before each play (default 0)' },
    lag: { type: 'string', valueName: 'S', description: 'seconds after each play (default 0)' },
    titles: { type: 'boolean', description: 'a 2-second title card before each play: type, team, period, clock' },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom clips export --playlist "Suns PnR Q4" --out suns-pnr.mp4 --lead 2 --lag 1 --titles', 'filmroom clips export --game 3 --per-play clips/ --json', 'filmroom clips export --play 12 --play 40 --out two.mp4'],
  async run(context, o): Promise<ClipExportResult> {
    const room = openFilmRoom({ libraryPath: resolveLibraryPath(o.library, context.env), frontDoor: 'cli' });
    const abort = new AbortController();
    void context.interrupted.then(() => abort.abort());
    const bar = context.progressReporter();
    try {
      const result = await runClipExport(
        room.db,
        {
          ...(o.play ? { playIds: o.play } : {}),
          ...(o.game !== undefined ? { gameId: o.game } : {}),
          ...(o.playlist !== undefined ? { playlist: o.playlist } : {}),
          ...(o.out !== undefined ? { out: path.resolve(o.out) } : {}),
          ...(o['per-play'] !== undefined ? { perPlayDir: path.resolve(o['per-play']) } : {}),
          leadS: o.lead ?? 0,
          lagS: o.lag ?? 0,
          titles: o.titles === true,
        },
        { signal: abort.signal, onProgress: (p) => bar.update(p.done, p.total, p.label) },
      );
      bar.finish();
      for (const f of result.files) context.info(`Wrote ${f.path}: ${f.playIds.length} play${f.playIds.length === 1 ? '' : 's'}, ${f.expectedDurationS.toFixed(2)} s (${f.method === 'copy' ? 'stream copy' : 're-encoded'})`);
      if (result.titleCards === 'blank') context.progress('No font for title cards was found (set FILMROOM_TITLE_FONT to a .ttf): the cards are blank.');
      return result;
    } finally {
      await room.close();
    }
  },
};
