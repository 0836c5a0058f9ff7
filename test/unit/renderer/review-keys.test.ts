import { describe, expect, it } from 'vitest';
import { relabelKey, RELABEL_KEYS } from '../../../renderer/src/lib/review-keys.js';

describe('Review relabel keys', () => {
  it('are 1–9, then 0 and − for the tenth and eleventh play types', () => {
    expect(RELABEL_KEYS).toHaveLength(11);
    expect(relabelKey(0)).toBe('1');
    expect(relabelKey(8)).toBe('9');
    expect(relabelKey(9)).toBe('0');
    expect(relabelKey(10)).toBe('−');
  });

  it('have no key past the eleventh type or for a nonsense position', () => {
    expect(relabelKey(11)).toBeUndefined();
    expect(relabelKey(-1)).toBeUndefined();
    expect(relabelKey(1.5)).toBeUndefined();
  });
});
