import { describe, expect, it } from 'vitest';
import { splitByGame, splitRun, type SplitPlay } from '../../../../main/ml/evaluation/split.js';
import { createRng } from '../../../../main/system/prng.js';

const CLASSES = 11;

/** 20 games of 30–60 plays; each game leans on three play types, so games differ in mix. */
function season(seed: number, games = 20): SplitPlay[] {
  const rng = createRng(seed);
  const plays: SplitPlay[] = [];
  for (let g = 0; g < games; g++) {
    const favourites = [rng.int(0, CLASSES - 1), rng.int(0, CLASSES - 1), rng.int(0, CLASSES - 1)];
    const size = rng.int(30, 60);
    for (let i = 0; i < size; i++) {
      const label = rng.chance(0.7) ? rng.pick(favourites) : rng.int(0, CLASSES - 1);
      plays.push({ playId: plays.length + 1000, gameId: 100 + g * 7, label });
    }
  }
  return plays;
}

/** L1 distance between the class proportions of a subset of plays and of all plays. */
function l1(plays: readonly SplitPlay[], subset: ReadonlySet<number>): number {
  const all = new Array<number>(CLASSES).fill(0);
  const part = new Array<number>(CLASSES).fill(0);
  let n = 0;
  for (const p of plays) {
    all[p.label]!++;
    if (subset.has(p.playId)) { part[p.label]!++; n++; }
  }
  return all.reduce((d, a, c) => d + Math.abs(part[c]! / n - a / plays.length), 0);
}

/** The baseline: whole games in a seeded random order until the target is reached. */
function naiveHeldOut(plays: readonly SplitPlay[], fraction: number, seed: number): Set<number> {
  const games = [...new Set(plays.map((p) => p.gameId))].sort((a, b) => a - b);
  const chosen = new Set<number>();
  let count = 0;
  for (const g of createRng(seed + 1_000_000).shuffle(games)) {
    if (count >= fraction * plays.length) break;
    chosen.add(g);
    count += plays.filter((p) => p.gameId === g).length;
  }
  return new Set(plays.filter((p) => chosen.has(p.gameId)).map((p) => p.playId));
}

const options = (seed: number) => ({ heldOutFraction: 0.2, seed, classes: CLASSES });

describe('splitByGame', () => {
  it('never puts a game on both sides and assigns every play exactly once (50 seeds)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const plays = season(seed);
      const s = splitByGame(plays, options(seed));
      const held = new Set(s.heldOutGameIds);
      expect(s.trainGameIds.filter((g) => held.has(g))).toEqual([]);
      expect(s.trainGameIds.length).toBeGreaterThan(0);
      expect(s.heldOutGameIds.length).toBeGreaterThan(0);
      expect([...s.trainGameIds, ...s.heldOutGameIds].sort((a, b) => a - b)).toEqual(
        [...new Set(plays.map((p) => p.gameId))].sort((a, b) => a - b),
      );
      expect([...s.trainPlayIds, ...s.heldOutPlayIds].sort((a, b) => a - b)).toEqual(plays.map((p) => p.playId));
      const gameOf = new Map(plays.map((p) => [p.playId, p.gameId]));
      for (const id of s.heldOutPlayIds) expect(held.has(gameOf.get(id)!)).toBe(true);
      for (const id of s.trainPlayIds) expect(held.has(gameOf.get(id)!)).toBe(false);
    }
  });

  it('is deterministic per seed, independent of input order, and varies with the seed', () => {
    const plays = season(3);
    const a = splitByGame(plays, options(42));
    expect(splitByGame(plays, options(42))).toEqual(a);
    expect(splitByGame([...plays].reverse(), options(42))).toEqual(a);
    const distinct = new Set(Array.from({ length: 10 }, (_, seed) => splitByGame(plays, options(seed)).heldOutGameIds.join(',')));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('holds out close to the requested share of plays on 20 games', () => {
    for (let seed = 0; seed < 50; seed++) {
      const plays = season(seed);
      const share = splitByGame(plays, options(seed)).heldOutPlayIds.length / plays.length;
      // Games hold 30–60 of ~900 plays (≤ ~7%): the share lands within the 10% tolerance above
      // 0.2 and at most one game's worth below it.
      expect(share).toBeGreaterThan(0.2 - 0.07);
      expect(share).toBeLessThanOrEqual(0.2 * 1.1 + 1e-12);
    }
  });

  it('keeps held-out class proportions closer to the global ones than a random game split', () => {
    let stratified = 0;
    let naive = 0;
    const seeds = 40;
    for (let seed = 0; seed < seeds; seed++) {
      const plays = season(seed);
      stratified += l1(plays, new Set(splitByGame(plays, options(seed)).heldOutPlayIds));
      naive += l1(plays, naiveHeldOut(plays, 0.2, seed));
    }
    stratified /= seeds;
    naive /= seeds;
    console.log(`mean held-out L1 to global proportions: stratified ${stratified.toFixed(3)}, random ${naive.toFixed(3)}`);
    expect(stratified).toBeLessThan(0.75 * naive);
  });

  it('handles two games, keeping one on each side', () => {
    const plays = [
      { playId: 1, gameId: 1, label: 0 },
      { playId: 2, gameId: 1, label: 1 },
      { playId: 3, gameId: 2, label: 0 },
    ];
    const s = splitByGame(plays, { heldOutFraction: 0.2, seed: 1, classes: 2 });
    expect(s.trainGameIds.length).toBe(1);
    expect(s.heldOutGameIds.length).toBe(1);
    // Neither game fits under the cap (0.2·3·1.1 = 0.66 plays): the smaller game, 2, is held out.
    expect(s.heldOutGameIds).toEqual([2]);
    // A held-out target that would swallow both games still leaves one for training.
    const greedy = splitByGame(plays, { heldOutFraction: 0.95, tolerance: 0.5, seed: 1, classes: 2 });
    expect(greedy.trainGameIds.length).toBe(1);
    expect(greedy.heldOutGameIds.length).toBe(1);
  });

  it('rejects fewer than two games, a bad fraction and bad labels, naming the value', () => {
    const one = [{ playId: 1, gameId: 5, label: 0 }, { playId: 2, gameId: 5, label: 1 }];
    expect(() => splitByGame(one, options(1))).toThrow(/at least 2 games, got 1/);
    expect(() => splitByGame([], options(1))).toThrow(/at least 2 games, got 0/);
    const plays = season(1);
    for (const f of [0, 1, -0.2, 1.5, NaN]) {
      expect(() => splitByGame(plays, { ...options(1), heldOutFraction: f })).toThrow(new RegExp(`heldOutFraction must be in \\(0, 1\\), got ${f}`));
    }
    expect(() => splitByGame([{ playId: 1, gameId: 1, label: 11 }], options(1))).toThrow(/play 1 has label 11/);
    expect(() => splitByGame([{ playId: 1, gameId: 1, label: 0 }, { playId: 1, gameId: 2, label: 0 }], options(1))).toThrow(/playId 1 appears more than once/);
    expect(() => splitByGame(plays, { ...options(1), classes: 0 })).toThrow(/classes must be a positive integer, got 0/);
  });
});

describe('splitRun (the split of every kind of run)', () => {
  it('holds out the games splitByGame holds out, then sets aside validation games from the training side only', () => {
    for (const seed of [1, 2, 3, 7, 11]) {
      const plays = season(seed);
      const outer = splitByGame(plays, options(seed));
      const s = splitRun(plays, { heldOutFraction: options(seed).heldOutFraction, seed, classes: options(seed).classes });
      expect(s.heldOutGameIds).toEqual(outer.heldOutGameIds);
      expect(s.validationGameIds.length).toBeGreaterThan(0);
      expect([...s.trainGameIds, ...s.validationGameIds].sort((a, b) => a - b)).toEqual(outer.trainGameIds);
      expect(s.validationGameIds.filter((g) => s.heldOutGameIds.includes(g))).toEqual([]);
      // The same seed gives the same split.
      expect(splitRun(plays, { heldOutFraction: options(seed).heldOutFraction, seed, classes: options(seed).classes })).toEqual(s);
    }
  });

  it('keeps no validation games when the training side is a single game', () => {
    const plays = [{ playId: 1, gameId: 1, label: 0 }, { playId: 2, gameId: 2, label: 1 }];
    expect(splitRun(plays, { heldOutFraction: 0.5, seed: 1, classes: 2 })).toMatchObject({ validationGameIds: [] });
  });
});
