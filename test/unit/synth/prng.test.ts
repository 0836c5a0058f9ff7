import { describe, expect, it } from 'vitest';
import { createRng, sfc32 } from '../../../main/system/prng.js';

/*
 * Reference outputs from an independent Python implementation (splitmix32 seeding, 12 discarded):
 *
 *   M = 0xFFFFFFFF
 *   def splitmix32(s):
 *       while True:
 *           s = (s + 0x9E3779B9) & M; z = s
 *           z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
 *           z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
 *           yield (z ^ (z >> 16)) & M
 *   def sfc32(seed):
 *       g = splitmix32(seed); a, b, c, d = next(g), next(g), next(g), 1
 *       def step():
 *           nonlocal a, b, c, d
 *           t = (a + b + d) & M; d = (d + 1) & M
 *           a = b ^ (b >> 9); b = (c + (c << 3)) & M
 *           c = ((c << 21) | (c >> 11)) & M; c = (c + t) & M
 *           return t
 *       for _ in range(12): step()
 *       return step
 */
const REFERENCE: Record<number, number[]> = {
  0: [591558436, 2737234123, 107644106, 1338548054],
  42: [2476999517, 2284424721, 914527439, 3398404915],
  4294967295: [401775837, 815230463, 1635982147, 2773186149],
};

describe('seeded PRNG', () => {
  it('matches an independent implementation of sfc32, bit for bit', () => {
    for (const [seed, expected] of Object.entries(REFERENCE)) {
      const next = sfc32(Number(seed));
      expect(expected.map(() => next())).toEqual(expected);
    }
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('forks independent, reproducible streams by label', () => {
    const a = createRng(1).fork('game-1');
    const b = createRng(1).fork('game-1');
    const c = createRng(1).fork('game-2');
    const first = Array.from({ length: 10 }, () => a.next());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 10 }, () => c.next())).not.toEqual(first);
    // Drawing from the parent does not change what a fork gives.
    const parent = createRng(1);
    parent.next();
    const d = parent.fork('game-1');
    expect(Array.from({ length: 10 }, () => d.next())).toEqual(first);
  });

  it('spreads uniform draws evenly over [0, 1)', () => {
    const rng = createRng(123);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      buckets[Math.floor(x * 10)]!++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1 % critical value.
    const chi2 = buckets.reduce((acc, count) => acc + (count - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('draws integers in an inclusive range, every value reachable', () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(-2, 3);
      expect(Number.isInteger(v) && v >= -2 && v <= 3).toBe(true);
      seen.add(v);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('draws standard normals (mean 0, variance 1)', () => {
    const rng = createRng(9);
    const xs = Array.from({ length: 50_000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('shuffles into a permutation and picks from the list', () => {
    const rng = createRng(3);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => i)); // the input is untouched
    expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(/empty/);
  });

  it('rejects a seed that is not a finite number', () => {
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
  });
});
