import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { restoreWeights, snapshotWeights } from '../../../../main/ml/head/data.js';
import { buildHead, predictHead } from '../../../../main/ml/head/model.js';
import { disposeHead } from '../../../../main/ml/head/train.js';
import { HeadSpec } from '../../../../shared/api/model-spec.js';
import { createRng } from '../../../../main/system/prng.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

const DIM = 8;
const CLASSES = 3;

function randomClips(count: number, frames: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * frames * DIM }, () => rng.normal());
}

/** Pads each [short × DIM] clip with zero frames at the end up to `frames`. */
function padClips(x: Float32Array, count: number, short: number, frames: number): Float32Array {
  const out = new Float32Array(count * frames * DIM);
  for (let i = 0; i < count; i++) out.set(x.subarray(i * short * DIM, (i + 1) * short * DIM), i * frames * DIM);
  return out;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('buildHead', () => {
  // The reference for a padded clip is the same weights in a head built for the short length.
  for (const head of [
    { cell: 'lstm' as const },
    { cell: 'gru' as const, layers: 2 },
    { cell: 'lstm' as const, bidirectional: true },
  ]) {
    it(`with masking, a zero-padded clip predicts as the unpadded one (${JSON.stringify(head)})`, () => {
      const spec = HeadSpec.parse({ ...head, units: 12, dropout: 0 });
      const long = buildHead(spec, { frames: 6, dim: DIM, classes: CLASSES });
      const short = buildHead(spec, { frames: 4, dim: DIM, classes: CLASSES });
      const unmasked = buildHead({ ...spec, masking: false }, { frames: 6, dim: DIM, classes: CLASSES });
      restoreWeights(short, snapshotWeights(long));
      restoreWeights(unmasked, snapshotWeights(long));
      const clips = randomClips(5, 4, 7);
      const padded = padClips(clips, 5, 4, 6);
      const reference = predictHead(short, clips, 5);
      expect(maxAbsDiff(predictHead(long, padded, 5), reference)).toBeLessThan(1e-5);
      // Without masking the zero frames do change the answer, so the comparison above can fail.
      expect(maxAbsDiff(predictHead(unmasked, padded, 5), reference)).toBeGreaterThan(1e-4);
      for (const m of [long, short, unmasked]) disposeHead(m);
    });
  }

  it('predictHead batches and agrees with model.predict, rows summing to 1', () => {
    const model = buildHead(HeadSpec.parse({ units: 8, dropout: 0.5 }), { frames: 5, dim: DIM, classes: CLASSES });
    const x = randomClips(11, 5, 3);
    const before = tf.memory().numTensors;
    const batched = predictHead(model, x, 11, 4);
    expect(tf.memory().numTensors).toBe(before);
    const whole = tf.tidy(() => (model.predict(tf.tensor3d(x, [11, 5, DIM])) as tf.Tensor).dataSync() as Float32Array);
    expect(maxAbsDiff(batched, whole)).toBeLessThan(1e-6);
    for (let i = 0; i < 11; i++) expect(batched.subarray(i * CLASSES, (i + 1) * CLASSES).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(() => predictHead(model, x.subarray(1), 11)).toThrow('x must hold count × frames × dim = 11 × 5 × 8 = 440 values, got 439');
    disposeHead(model);
  });

  it('names the bad value', () => {
    const head = HeadSpec.parse({});
    const shape = { frames: 6, dim: DIM, classes: CLASSES };
    expect(() => buildHead({ ...head, units: 12.5 }, shape)).toThrow('units must be an integer in [1, 1024], got 12.5');
    expect(() => buildHead({ ...head, layers: 5 }, shape)).toThrow('layers must be an integer in [1, 4], got 5');
    expect(() => buildHead({ ...head, dropout: 0.95 }, shape)).toThrow('dropout must be a number in [0, 0.9], got 0.95');
    expect(() => buildHead({ ...head, cell: 'rnn' as 'gru' }, shape)).toThrow(`cell must be 'lstm' or 'gru', got "rnn"`);
    expect(() => buildHead(head, { ...shape, classes: 1 })).toThrow('classes must be at least 2, got 1');
    expect(() => buildHead(head, { ...shape, dim: 0 })).toThrow('dim must be an integer in [1, 9007199254740991], got 0');
    expect(() => buildHead(head, { ...shape, learningRate: -1 })).toThrow('learningRate must be a positive finite number, got -1');
  });
});
