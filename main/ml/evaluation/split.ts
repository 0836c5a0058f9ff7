/**
 * The train / held-out split, by whole games: a game's plays share a broadcast, a camera and
 * opponents, so a game on both sides would leak into the held-out score.
 *
 * Algorithm (deterministic for a seed):
 *   1. Group plays by game and count each game's plays per class. Games are sorted by id and then
 *      shuffled with createRng(seed), so the result does not depend on the input order.
 *   2. target = heldOutFraction × total plays; cap = target × (1 + tolerance).
 *   3. Seed the held-out set with the first game in shuffled order whose plays fit under the cap
 *      (the smallest game, earliest in shuffled order, if none fits). This is where the seed
 *      makes different splits.
 *   4. While the held-out play count is below the target: among the remaining games that keep the
 *      held-out count ≤ cap, add the one that minimises the L1 distance between the held-out class
 *      proportions and the global ones (ties: earliest in shuffled order). Stop when none fits.
 *   5. At least one game always stays in training (the last one is never taken), so with ≥ 2
 *      games both sides are non-empty; fewer than 2 games is an error.
 * The result lists ids in ascending order, so it can be stored with the run and compared as is.
 */
import { createRng } from '../../system/prng.js';

export interface SplitPlay {
  playId: number;
  gameId: number;
  label: number;
}

export interface SplitOptions {
  /** Share of the plays to hold out, in (0, 1), e.g. 0.2. */
  heldOutFraction: number;
  seed: number;
  /** Number of play types; every label must be an integer in [0, classes - 1]. */
  classes: number;
  /** How far the held-out play count may exceed the target, as a fraction of it (default 0.1). */
  tolerance?: number;
}

export interface GameSplit {
  trainGameIds: number[];
  heldOutGameIds: number[];
  trainPlayIds: number[];
  heldOutPlayIds: number[];
}

interface GameCounts {
  gameId: number;
  size: number;
  counts: number[];
}

/** L1 distance between the class proportions of `counts` (of total `size`) and `global`. */
export function proportionDistance(counts: readonly number[], size: number, global: readonly number[]): number {
  let d = 0;
  for (let c = 0; c < global.length; c++) d += Math.abs((size === 0 ? 0 : counts[c]! / size) - global[c]!);
  return d;
}

function validate(plays: readonly SplitPlay[], options: SplitOptions): void {
  const { heldOutFraction, classes, tolerance = 0.1 } = options;
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
    throw new RangeError(`heldOutFraction must be in (0, 1), got ${heldOutFraction}`);
  }
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`classes must be a positive integer, got ${classes}`);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number ≥ 0, got ${tolerance}`);
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number, got ${options.seed}`);
  const seen = new Set<number>();
  for (const play of plays) {
    if (!Number.isInteger(play.label) || play.label < 0 || play.label >= classes) {
      throw new RangeError(`play ${play.playId} has label ${play.label}, expected an integer in [0, ${classes - 1}]`);
    }
    if (!Number.isFinite(play.gameId)) throw new RangeError(`play ${play.playId} has gameId ${play.gameId}, expected a finite number`);
    if (seen.has(play.playId)) throw new RangeError(`playId ${play.playId} appears more than once`);
    seen.add(play.playId);
  }
}

export function splitByGame(plays: readonly SplitPlay[], options: SplitOptions): GameSplit {
  validate(plays, options);
  const { heldOutFraction, seed, classes, tolerance = 0.1 } = options;

  const byGame = new Map<number, GameCounts>();
  const globalCounts = new Array<number>(classes).fill(0);
  for (const play of plays) {
    let game = byGame.get(play.gameId);
    if (!game) {
      game = { gameId: play.gameId, size: 0, counts: new Array<number>(classes).fill(0) };
      byGame.set(play.gameId, game);
    }
    game.size += 1;
    game.counts[play.label]! += 1;
    globalCounts[play.label]! += 1;
  }
  if (byGame.size < 2) {
    throw new RangeError(`a split by game needs at least 2 games, got ${byGame.size}`);
  }

  const sorted = [...byGame.values()].sort((a, b) => a.gameId - b.gameId);
  const remaining = createRng(seed).shuffle(sorted);
  const global = globalCounts.map((n) => n / plays.length);
  const target = heldOutFraction * plays.length;
  const cap = target * (1 + tolerance);

  const heldOut: GameCounts[] = [];
  const heldCounts = new Array<number>(classes).fill(0);
  let heldSize = 0;
  const take = (index: number): void => {
    const [game] = remaining.splice(index, 1);
    heldOut.push(game!);
    heldSize += game!.size;
    game!.counts.forEach((n, c) => (heldCounts[c]! += n));
  };

  // Step 3: the seed game.
  let first = remaining.findIndex((g) => g.size <= cap);
  if (first < 0) {
    first = 0;
    remaining.forEach((g, i) => {
      if (g.size < remaining[first]!.size) first = i;
    });
  }
  take(first);

  // Step 4: greedy stratification.
  while (heldSize < target && remaining.length > 1) {
    let best = -1;
    let bestDistance = Infinity;
    remaining.forEach((g, i) => {
      if (heldSize + g.size > cap) return;
      const merged = heldCounts.map((n, c) => n + g.counts[c]!);
      const d = proportionDistance(merged, heldSize + g.size, global);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    if (best < 0) break;
    take(best);
  }

  const heldOutGameIds = heldOut.map((g) => g.gameId).sort((a, b) => a - b);
  const trainGameIds = remaining.map((g) => g.gameId).sort((a, b) => a - b);
  const heldOutSet = new Set(heldOutGameIds);
  const trainPlayIds: number[] = [];
  const heldOutPlayIds: number[] = [];
  for (const play of plays) (heldOutSet.has(play.gameId) ? heldOutPlayIds : trainPlayIds).push(play.playId);
  trainPlayIds.sort((a, b) => a - b);
  heldOutPlayIds.sort((a, b) => a - b);
  return { trainGameIds, heldOutGameIds, trainPlayIds, heldOutPlayIds };
}

/** Share of the training side's plays, in whole games, that early stopping watches. */
export const VALIDATION_FRACTION = 0.2;

export interface RunGameSplit {
  /** The games the model learns from. */
  trainGameIds: number[];
  /** Games of the training side set aside for early stopping (and calibration); empty when that side has one game. */
  validationGameIds: number[];
  /** The games that score the run and never steer it. */
  heldOutGameIds: number[];
}

/**
 * The split of every run, whatever it trains (a head on features, a fine-tuned or stacked model, a
 * backbone): held-out games first (splitByGame with the run's seed and fraction), then a share of
 * the remaining games for validation (splitByGame again, with a seed derived from the run's). Early
 * stopping watches only the validation games, so the held-out games that score a run never steer it.
 * With a single training game there is nothing to set aside: validationGameIds stays empty.
 */
export function splitRun(
  plays: readonly SplitPlay[], options: { heldOutFraction: number; seed: number; classes: number; validationFraction?: number },
): RunGameSplit {
  const outer = splitByGame(plays, { heldOutFraction: options.heldOutFraction, seed: options.seed, classes: options.classes });
  if (outer.trainGameIds.length < 2) return { trainGameIds: outer.trainGameIds, validationGameIds: [], heldOutGameIds: outer.heldOutGameIds };
  const trainingSide = new Set(outer.trainGameIds);
  const inner = splitByGame(plays.filter((p) => trainingSide.has(p.gameId)), {
    heldOutFraction: options.validationFraction ?? VALIDATION_FRACTION, seed: (options.seed + 0x9e3779b9) >>> 0, classes: options.classes,
  });
  return { trainGameIds: inner.trainGameIds, validationGameIds: inner.heldOutGameIds, heldOutGameIds: outer.heldOutGameIds };
}
