import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../shared/events.js';

describe('Emitter', () => {
  it('calls every listener even when one throws, then rethrows the first error', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('first listener broke');
    });
    emitter.event((n) => seen.push(n));
    expect(() => emitter.fire(7)).toThrow('first listener broke');
    expect(seen).toEqual([7]);
  });

  it('stops calling a listener once its subscription is disposed', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const subscription = emitter.event((s) => seen.push(s));
    emitter.fire('a');
    subscription.dispose();
    emitter.fire('b');
    expect(seen).toEqual(['a']);
    expect(emitter.listenerCount).toBe(0);
  });
});
