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
});
