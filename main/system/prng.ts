/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that a synthetic season is a pure
 * function of its seed on every machine and Node version: Math.random cannot be seeded, and the
 * generator's own arithmetic is all 32-bit integer operations, which JavaScript does exactly.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [lo, hi). */
  range(lo: number, hi: number): number;
  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** -1 or +1, evenly. */
  sign(): 1 | -1;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** A standard normal deviate (Box–Muller), for jitter that is usually small and sometimes not. */
  normal(): number;
  /**
   * An independent stream derived from this generator's seed and a label. Forking by name keeps
   * parts of the season stable: drawing one more number for game 1 does not reshuffle game 2.
   */
  fork(label: string | number): Rng;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the label's UTF-16 code units, mixed with the parent seed. */
function hashLabel(seed: number, label: string | number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const ch of String(label)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The raw 32-bit sfc32 stream; exported for the distribution tests. */
export function sfc32(seed: number): () => number {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = 1;
  const step = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // The first outputs of sfc32 are still correlated with the seed: discard them, as its author advises.
  for (let i = 0; i < 12; i++) step();
  return step;
}

/** A generator for a seed (any number; it is reduced to 32 bits). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`a seed must be a finite number, got ${seed}`);
  const seed32 = Math.trunc(seed) >>> 0;
  const raw = sfc32(seed32);
  let spare: number | null = null;
  const rng: Rng = {
    next: () => raw() / 4294967296,
    range: (lo, hi) => lo + (hi - lo) * rng.next(),
    int: (lo, hi) => lo + Math.floor(rng.next() * (hi - lo + 1)),
    chance: (p) => rng.next() < p,
    sign: () => (rng.next() < 0.5 ? -1 : 1),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(rng.next() * items.length)]!;
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    normal: () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const u = 1 - rng.next(); // (0, 1]: log(0) would be -Infinity
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng(hashLabel(seed32, label)),
  };
  return rng;
}
