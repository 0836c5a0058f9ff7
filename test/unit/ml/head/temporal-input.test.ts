import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { HeadSpec } from '../../../../shared/api/model-spec.js';
import { buildHead, predictHead } from '../../../../main/ml/head/model.js';
import { disposeHead } from '../../../../main/ml/head/train.js';
import { shapeTemporalInput, temporalShape } from '../../../../main/ml/head/temporal-input.js';

describe('the head’s temporal input', () => {
  // One clip, 5 frames × 2 features: frame t = (t, 10t).
  const clip = Float32Array.from([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]);

  it('averages frames into segments ⌊kT/S⌋…⌊(k+1)T/S⌋−1 and appends differences, worked by hand', () => {
    // S = 2: frames {0, 1} → (0.5, 5); frames {2, 3, 4} → (3, 30). Deltas: (0, 0), then (2.5, 25).
    const shaped = shapeTemporalInput(clip, 5, 2, { segments: 2, deltas: true });
    expect(shaped.frames).toBe(2);
    expect(shaped.dim).toBe(4);
    expect(Array.from(shaped.x)).toEqual([0.5, 5, 0, 0, 3, 30, 2.5, 25]);
  });

  it('keeps every frame with segments 0, and leaves the array alone when nothing changes', () => {
    const deltas = shapeTemporalInput(clip, 5, 2, { segments: 0, deltas: true });
    expect(Array.from(deltas.x)).toEqual([0, 0, 0, 0, 1, 10, 1, 10, 2, 20, 1, 10, 3, 30, 1, 10, 4, 40, 1, 10]);
    expect(shapeTemporalInput(clip, 5, 2, { segments: 0, deltas: false }).x).toBe(clip);
    expect(() => temporalShape(5, 2, { segments: 6, deltas: false })).toThrow(/at most the clip's 5 frames/);
  });

  it('computes motion energy, mean |x_t − x_(t−1)| over each segment’s frames t ≥ 1, before averaging, worked by hand', () => {
    // One clip, 5 frames × 1 feature: 0, 2, 1, 5, 5. Changes: f1 |2−0| = 2, f2 |1−2| = 1, f3 |5−1| = 4, f4 0.
    const x = Float32Array.from([0, 2, 1, 5, 5]);
    // S = 2: segment 0 = frames {0, 1}: only frame 1 has a predecessor → 2; segment 1 = frames {2, 3, 4} → (1 + 4 + 0) / 3.
    const only = shapeTemporalInput(x, 5, 1, { segments: 2, deltas: true, motion: 'only' });
    expect(only.dim).toBe(1); // 'only' drops the stills and their deltas
    expect(Array.from(only.x)).toEqual([2, Math.fround(5 / 3)]);
    // 'append': [mean, delta, motion] per step. Means 1 and 11/3; delta 0 then 8/3.
    const appended = shapeTemporalInput(x, 5, 1, { segments: 2, deltas: true, motion: 'append' });
    expect(appended.dim).toBe(3);
    expect(Array.from(appended.x)).toEqual([1, 0, 2, Math.fround(11 / 3), Math.fround(11 / 3 - 1), Math.fround(5 / 3)].map((v) => expect.closeTo(v, 6)));
    // Every frame (S = 0): frame 0 has no predecessor, so its motion is 0. A naive reference for two features.
    const two = Float32Array.from([1, -1, 3, -4, 2, 0]);
    expect(Array.from(shapeTemporalInput(two, 3, 2, { segments: 0, deltas: false, motion: 'only' }).x)).toEqual([0, 0, 2, 3, 1, 4]);
    expect(temporalShape(40, 10, { segments: 8, deltas: true, motion: 'append' })).toEqual({ frames: 8, dim: 30 });
  });

  it('builds and runs a head with input dropout and a shared projection in front of the recurrent layer', async () => {
    await tf.setBackend('cpu');
    const head = HeadSpec.parse({ cell: 'gru', units: 4, projection: 3, inputDropout: 0.2, bidirectional: true });
    const model = buildHead(head, { frames: 2, dim: 4, classes: 3 });
    const names = model.layers.map((l) => l.getClassName());
    expect(names).toEqual(['Masking', 'Dropout', 'TimeDistributed', 'Bidirectional', 'Dropout', 'Dense']);
    // Dense 4→3 kernel + bias, shared over time.
    expect(model.layers[2]!.countParams()).toBe(4 * 3 + 3);
    const probs = predictHead(model, shapeTemporalInput(clip, 5, 2, { segments: 2, deltas: true }).x, 1);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    disposeHead(model);
  });

  it('adds Gaussian input noise while training only: predictions stay the same, a training pass differs', async () => {
    await tf.setBackend('cpu');
    const head = HeadSpec.parse({ cell: 'gru', units: 4, inputNoise: 0.5 });
    const model = buildHead(head, { frames: 5, dim: 2, classes: 3 });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Masking', 'GaussianNoise', 'GRU', 'Dropout', 'Dense']);
    const first = predictHead(model, clip, 1);
    expect(Array.from(predictHead(model, clip, 1))).toEqual(Array.from(first));
    const training = tf.tidy(() => (model.apply(tf.tensor3d(clip, [1, 5, 2]), { training: true }) as tf.Tensor).dataSync() as Float32Array);
    expect(Array.from(training)).not.toEqual(Array.from(first));
    expect(() => buildHead({ ...head, inputNoise: -1 }, { frames: 5, dim: 2, classes: 3 })).toThrow(/inputNoise must be a number in \[0, 10\]/);
    disposeHead(model);
  });
});
