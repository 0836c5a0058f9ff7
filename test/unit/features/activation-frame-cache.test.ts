import { describe, expect, it } from 'vitest';
import { ActivationFrameCache, framesToPrefetch } from '../../../main/features/activation-frame-cache.js';

const frame = (n: number) => ({ playId: 1, frame: n, size: 8, rgb: '', layers: [] });

describe('the Features view’s frame cache', () => {
  it('prefetches the following frames first, then the earlier ones nearest first, skipping cached ones', () => {
    expect(framesToPrefetch(2, 6, () => false, 10)).toEqual([3, 4, 5, 1, 0]);
    expect(framesToPrefetch(2, 6, (f) => f === 4 || f === 1, 10)).toEqual([3, 5, 0]);
    expect(framesToPrefetch(5, 6, () => false, 2)).toEqual([4, 3]);
    expect(framesToPrefetch(0, 1, () => false, 5)).toEqual([]);
  });

  it('keeps frames per clip and drops the least recently used beyond its limit', () => {
    const cache = new ActivationFrameCache(3);
    cache.set('a', frame(0));
    cache.set('a', frame(1));
    cache.set('b', frame(0));
    expect(cache.get('a', 0)?.frame).toBe(0); // used: now the newest
    cache.set('b', frame(1));
    expect([cache.has('a', 0), cache.has('a', 1), cache.has('b', 0), cache.has('b', 1)]).toEqual([true, false, true, true]);
    expect(cache.size).toBe(3);
    expect(cache.get('c', 0)).toBeUndefined();
  });
});
