import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_FPS, DEFAULT_WIDTH, synthesizeSeason } from '../../synth/index.js';
import type { Command } from '../command.js';

const wholeNumber = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number);

const Options = z
  .object({
    out: z.string({ error: 'give the folder to write the season into (--out DIR)' }).min(1),
    games: wholeNumber('--games'),
    'plays-per-game': wholeNumber('--plays-per-game'),
    seed: wholeNumber('--seed').default(1),
    size: wholeNumber('--size').optional(),
    fps: wholeNumber('--fps').optional(),
  })
  .strict();

export const synthCommand: Command<z.infer<typeof Options>> = {
  path: ['synth'],
  summary: 'Render a synthetic season: H.264 games of two teams running the 11 play types, with CSV, JSON and Sportscode XML annotations.',
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'the folder to write the season into' },
    games: { type: 'string', valueName: 'N', description: 'how many games' },
    'plays-per-game': { type: 'string', valueName: 'M', description: 'plays in each game' },
    seed: { type: 'string', valueName: 'S', description: 'the random seed: the same seed gives the same files (default 1)' },
    size: { type: 'string', valueName: 'PX', description: `frame width in pixels, 16:9 (default ${DEFAULT_WIDTH})` },
    fps: { type: 'string', valueName: 'F', description: `frames per second (default ${DEFAULT_FPS})` },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom synth --out ~/film/synthetic --games 4 --plays-per-game 20 --seed 1'],
  async run(context, options) {
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    const bar = context.progressReporter();
    try {
      const result = await synthesizeSeason({
        outDir: options.out,
        games: options.games,
        playsPerGame: options['plays-per-game'],
        seed: options.seed,
        ...(options.size === undefined ? {} : { width: options.size }),
        ...(options.fps === undefined ? {} : { fps: options.fps }),
        signal: controller.signal,
        onProgress: (done, total, label) => bar.update(done, total, label),
      });
      bar.finish();
      context.info(`Wrote ${result.videos.length} games and ${result.records.length} plays to ${path.resolve(options.out)}`);
      context.info(`Import them with: filmroom import ${path.resolve(options.out)}`);
      return { out: path.resolve(options.out), games: result.videos.length, plays: result.records.length, files: result.files };
    } finally {
      bar.finish();
    }
  },
};
