import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridFlipPermutation, gridFlips } from '../../../../main/ml/loop/augment.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { createRng } from '../../../../main/system/prng.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

/** The value at grid cell (gy, gx), channel c of a g×g×C block, written out by hand. */
const at = (block: Float32Array, g: number, channels: number, gy: number, gx: number, c: number) => block[(gy * g + gx) * channels + c]!;

describe('grid flips', () => {
  it('mirror a 3×3 grid cell by cell, channel by channel, as the (gy, gx, c) layout says', () => {
    const g = 3;
    const channels = 2;
    const block = Float32Array.from({ length: g * g * channels }, (_, i) => i);
    for (const [h, v] of [[true, false], [false, true], [true, true], [false, false]] as const) {
      const perm = gridFlipPermutation(g, channels, h, v);
      const flipped = Float32Array.from(perm, (from) => block[from]!);
      for (let gy = 0; gy < g; gy++) {
        for (let gx = 0; gx < g; gx++) {
          for (let c = 0; c < channels; c++) {
            expect(at(flipped, g, channels, gy, gx, c)).toBe(at(block, g, channels, v ? g - 1 - gy : gy, h ? g - 1 - gx : gx, c));
          }
        }
      }
    }
  });

  it('flip each clip of a batch one of the four ways, every step and every feature block alike, and keep clips in order', () => {
    const [g, channels, n, steps, blocks] = [4, 3, 24, 5, 2];
    const block = g * g * channels;
    const rng = createRng(7);
    const data = Float32Array.from({ length: n * steps * blocks * block }, () => rng.next());
    const x = tf.tensor3d(data, [n, steps, blocks * block]);
    const out = gridFlips({ grid: g, channels, horizontal: true, vertical: true, seed: 3 })(x, 1, 1);
    const got = out.dataSync() as Float32Array;
    const perms = [[false, false], [true, false], [false, true], [true, true]].map(([h, v]) => gridFlipPermutation(g, channels, h!, v!));
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      // Which of the four ways reproduces clip i's first step exactly: it must do so for every step.
      const clip = (s: number, b: number) => (i * steps + s) * blocks * block + b * block;
      const way = perms.findIndex((perm) => perm.every((from, f) => got[clip(0, 0) + f] === data[clip(0, 0) + from]));
      expect(way, `clip ${i}`).toBeGreaterThanOrEqual(0);
      seen.add(way);
      for (let s = 0; s < steps; s++) {
        for (let b = 0; b < blocks; b++) perms[way]!.forEach((from, f) => expect(got[clip(s, b) + f]).toBe(data[clip(s, b) + from]));
      }
    }
    // 24 clips at ½ per axis: all four ways turn up (a constant flip would be no augmentation).
    expect(seen.size).toBe(4);
    tf.dispose([x, out]);
  });

  it('draw the same flips for the same epoch and batch (a resumed run augments as the first did), others elsewhere', () => {
    const x = tf.tensor3d(Float32Array.from({ length: 16 * 2 * 8 }, (_, i) => i), [16, 2, 8]);
    const flips = gridFlips({ grid: 2, channels: 2, horizontal: true, vertical: false, seed: 1 });
    const again = gridFlips({ grid: 2, channels: 2, horizontal: true, vertical: false, seed: 1 });
    const a = flips(x, 3, 2);
    const b = again(x, 3, 2);
    const c = flips(x, 3, 3);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([x, a, b, c]);
  });

  it('refuse a batch whose features are not whole grid blocks', () => {
    const x = tf.zeros([2, 3, 10]);
    expect(() => gridFlips({ grid: 2, channels: 2, horizontal: true, vertical: false, seed: 1 })(x, 1, 1)).toThrow(/\[n, steps, k·8\] batches, got \[2, 3, 10\]/);
    x.dispose();
  });
});
