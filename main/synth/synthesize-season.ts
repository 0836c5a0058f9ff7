/**
 * `filmroom synth`: renders a synthetic season of basketball film with known play types, for the
 * demo and the tests, since real film cannot ship. The season is planned whole first (teams, play
 * types, every play's timing — cheap), then games are rendered two at a time (each is one
 * ffmpeg process; frames are drawn on this thread between its writes), then the annotation files
 * are written. The same seed gives byte-identical files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CancelledError } from '../../shared/errors.js';
import type { AnnotationRecord } from '../annotations/types.js';
import { type SynthesizeOptions, resolveOptions } from './options.js';
import { type GamePlan, planSeason } from './plan.js';
import { createRng } from '../system/prng.js';
import { renderGame } from './render-game.js';
import { playRecords, writeSeasonFiles } from './season-files.js';
import { buildGameTimeline } from './timeline.js';

export interface SynthesizeResult {
  /** Absolute paths of the videos, in game order. */
  videos: string[];
  /** Every play of the season, as written to annotations.csv / .json. */
  records: AnnotationRecord[];
  /** Absolute paths of every file written (videos, annotations, edit lists, season.json). */
  files: string[];
}

/** Games rendered at once: one ffmpeg each, and this thread drawing frames for both. */
const PARALLEL_GAMES = 2;

/** Runs `work` over `items`, `limit` at a time; the first failure stops the rest and is thrown. */
async function runLimited<T>(items: readonly T[], limit: number, stop: AbortController, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length && failure === null && !stop.signal.aborted) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        if (failure === null) failure = error;
        stop.abort(); // the other game stops at its next frame
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw failure;
}

export async function synthesizeSeason(options: SynthesizeOptions): Promise<SynthesizeResult> {
  const resolved = resolveOptions(options);
  const { outDir, fps, width, height, signal } = { ...resolved, signal: options.signal };
  if (signal?.aborted) throw new CancelledError('The synthetic season was cancelled.');
  fs.mkdirSync(outDir, { recursive: true });

  const rng = createRng(resolved.seed);
  const plans = planSeason(rng.fork('season'), resolved.games, resolved.playsPerGame);
  // Every game's frames are worked out twice: here for the annotations and the progress total
  // (then dropped: a long season's frames would not fit in memory at once), and again just before
  // the game is rendered. Same rng, same frames; it costs a few milliseconds per play.
  const timelineOf = (plan: GamePlan) => buildGameTimeline(plan, rng.fork(`timeline-${plan.index}`), fps);
  const games = plans.map((plan) => {
    const timeline = timelineOf(plan);
    return { plan, frames: timeline.frames.length, records: playRecords(plan, timeline) };
  });

  const total = games.reduce((n, g) => n + g.frames, 0);
  let done = 0;
  options.onProgress?.(0, total, 'starting');
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await runLimited(plans, PARALLEL_GAMES, stop, async (plan) => {
      const label = `${plan.base}.mp4`;
      const timeline = timelineOf(plan);
      await renderGame({
        file: path.join(outDir, label),
        game: plan,
        timeline,
        width,
        height,
        rng: rng.fork(`render-${plan.index}`),
        signal: stop.signal,
        onFrame: (k) => {
          done++;
          // About once per second of film, and at each game's end: often enough for a progress bar.
          if ((k + 1) % fps === 0 || k + 1 === timeline.frames.length) options.onProgress?.(done, total, label);
        },
      });
    });
  } catch (error) {
    if (signal?.aborted) throw new CancelledError('The synthetic season was cancelled.');
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  const videos = games.map((g) => path.resolve(outDir, `${g.plan.base}.mp4`));
  const files = [...videos, ...writeSeasonFiles({ options: resolved, games }).map((f) => path.resolve(f))];
  return { videos, records: games.flatMap((g) => g.records), files };
}
