import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfToNumber } from '../../../../main/ml/weights/float16.js';
import { readKerasH5 } from '../../../../main/ml/weights/keras-h5-read.js';
import { writeKerasH5 } from '../../../../main/ml/weights/keras-h5-write.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { readTfjsModel } from '../../../../main/ml/weights/tfjs-read.js';
import { writeTfjsModel } from '../../../../main/ml/weights/tfjs-write.js';
import type { ConvWeights } from '../../../../main/ml/weights/weight-set.js';
import { weightsSha256 } from '../../../../main/ml/weights/weights-hash.js';
import { suiteTempDir } from '../../../helpers/temp.js';
import { patternWeights, sameBits, writeLayout } from '../../../helpers/weights-files.js';

describe('randomWeights: Keras Conv2D initialisation from a seed', () => {
  it('is deterministic per seed, differs between seeds, and a shorter cut is a prefix', () => {
    const a = randomWeights(42, 'block2_pool');
    expect(sameBits(a, randomWeights(42, 'block2_pool'))).toBe(true);
    expect(sameBits(a, randomWeights(43, 'block2_pool'))).toBe(false);
    const short = randomWeights(42, 'block1_pool');
    expect(sameBits(short, new Map([...a].slice(0, 2)))).toBe(true);
  });

  it('draws kernels uniformly within the Glorot limit sqrt(6 / (9·in + 9·out)), biases zero', () => {
    const weights = randomWeights(1, 'block3_pool');
    // Limits computed by hand: block1_conv1 sqrt(6/(27+576)); block3_conv1 sqrt(6/(1152+2304)).
    const limits: Record<string, number> = { block1_conv1: Math.sqrt(6 / 603), block3_conv1: Math.sqrt(6 / 3456) };
    for (const [name, w] of weights) {
      const [, , cin, cout] = w.kernelShape;
      const limit = Math.sqrt(6 / (9 * cin + 9 * cout));
      if (limits[name]) expect(limit).toBeCloseTo(limits[name]!, 15);
      let max = 0;
      let sum = 0;
      let squares = 0;
      for (const v of w.kernel) {
        max = Math.max(max, Math.abs(v));
        sum += v;
        squares += v * v;
      }
      const n = w.kernel.length;
      expect(max).toBeLessThanOrEqual(limit);
      expect(max).toBeGreaterThan(0.99 * limit); // the whole range is used
      expect(Math.abs(sum / n)).toBeLessThan(0.05 * limit); // centred
      expect(squares / n / (limit * limit)).toBeCloseTo(1 / 3, 1); // uniform variance: limit²/3
      expect(w.bias.every((b) => b === 0)).toBe(true);
    }
  });

  it('rejects a seed that is not a 32-bit whole number', () => {
    expect(() => randomWeights(1.5)).toThrow('seed must be a whole number from 0 to 4294967295, got 1.5');
    expect(() => randomWeights(2 ** 40)).toThrow(/seed must be a whole number/);
  });
});

describe('weightsSha256: the weights themselves, whatever the file', () => {
  const dir = suiteTempDir('filmroom-hash-');

  it('is the same for the same weights read from every format', async () => {
    const weights = patternWeights('block2_pool', 9);
    const expected = weightsSha256(weights);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    await writeLayout(path.join(dir, 'published.h5'), 'published', weights);
    await writeLayout(path.join(dir, 'keras3.weights.h5'), 'keras-3', weights);
    await writeKerasH5(weights, path.join(dir, 'ours.h5'));
    await writeTfjsModel(weights, path.join(dir, 'tfjs'));
    const opts = { upTo: 'block2_pool' };
    expect(weightsSha256(await readKerasH5(path.join(dir, 'published.h5'), opts))).toBe(expected);
    expect(weightsSha256(await readKerasH5(path.join(dir, 'keras3.weights.h5'), opts))).toBe(expected);
    expect(weightsSha256(await readKerasH5(path.join(dir, 'ours.h5'), opts))).toBe(expected);
    expect(weightsSha256(await readTfjsModel(path.join(dir, 'tfjs', 'model.json'), opts))).toBe(expected);
    // Map insertion order does not matter: architecture order does.
    expect(weightsSha256(new Map([...weights].reverse()))).toBe(expected);
  });

  it('changes when one value changes by one ulp, or when a layer is left out', () => {
    const weights = patternWeights('block1_pool');
    const before = weightsSha256(weights);
    const w = weights.get('block1_conv2')!;
    const kernel = w.kernel.slice();
    const bits = new Uint32Array(kernel.buffer);
    bits[1234]! += 1;
    const changed: ConvWeights = { ...w, kernel };
    expect(weightsSha256(new Map([...weights, ['block1_conv2', changed]]))).not.toBe(before);
    const bias = w.bias.slice();
    bias[0] = -bias[0]!;
    expect(weightsSha256(new Map([...weights, ['block1_conv2', { ...w, bias }]]))).not.toBe(before);
    expect(weightsSha256(new Map([...weights].slice(0, 1)))).not.toBe(before);
  });
});

describe('float16 decoding', () => {
  it('matches hand-computed binary16 values', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(halfToNumber(0x7bff)).toBe(65504); // largest finite half
    expect(halfToNumber(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToNumber(0x3555)).toBe(0.333251953125); // 1 + 341/1024, times 2^-2
    expect(halfToNumber(0x8000)).toBe(-0);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
  });
});
