import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { identityConvWeights, insertIdentityLayer } from '../../../../main/ml/surgery/insert-layer.js';
import { buildLayerBackbone } from '../../../../main/ml/surgery/variant-backbone.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildTransferBackbone, readConvWeights } from '../../../../main/ml/transfer/backbone.js';
import { convsOf } from '../../../../main/ml/vgg16/variants.js';
import { randomWeights, seededRandom, uniform } from '../../../helpers/tfjs-random-weights.js';

const SIZE = 32;
const CUT = 'block3_pool';

beforeAll(async () => {
  await initTfjs('cpu');
});

const models: tf.LayersModel[] = [];
afterEach(() => models.splice(0).forEach((m) => m.dispose()));

function keep(model: tf.LayersModel): tf.LayersModel {
  models.push(model);
  return model;
}

describe('inserting an identity conv between two layers', () => {
  // Random weights with random biases, scaled for caffe-range input, so every layer is busy.
  const weights = randomWeights(CUT, 9, 128);
  const input = uniform(seededRandom(4), 3 * SIZE * SIZE * 3, 128);

  it('builds a k×k identity kernel: 1 on the diagonal of the centre tap, 0 elsewhere, zero bias', () => {
    const w = identityConvWeights(2, 3);
    expect(w.kernelShape).toEqual([3, 3, 2, 2]);
    expect([...w.kernel].filter((v) => v !== 0)).toEqual([1, 1]);
    expect(w.kernel[(4 * 2 + 0) * 2 + 0]).toBe(1);
    expect(w.kernel[(4 * 2 + 1) * 2 + 1]).toBe(1);
    expect([...w.bias]).toEqual([0, 0]);
  });

  it.each([
    ['block3_conv2', 1],
    ['block2_pool', 3],
    ['block1_conv1', 3],
  ])('after %s (kernel %i) leaves the outputs as they were', (after, kernel) => {
    const inserted = insertIdentityLayer(weights, after, kernel);
    const original = keep(buildTransferBackbone({ cut: CUT, size: SIZE, trainable: [], weights }));
    const edited = keep(buildLayerBackbone({ layers: inserted.layers, cut: CUT, size: SIZE, weights: inserted.weights }));
    expect(edited.layers.map((l) => l.name)).toContain(inserted.name);
    expect(edited.layers.length).toBe(original.layers.length + 1);
    const diff = tf.tidy(() => {
      const x = tf.tensor4d(input, [3, SIZE, SIZE, 3]);
      const a = original.predict(x) as tf.Tensor;
      const b = edited.predict(x) as tf.Tensor;
      return [tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!, tf.max(a).dataSync()[0]!];
    });
    expect(diff[1]).toBeGreaterThan(0.1);
    expect(diff[0]).toBeLessThanOrEqual(1e-5);
  });

  it('trains only the inserted layer when the rest is frozen', () => {
    const inserted = insertIdentityLayer(weights, 'block2_conv2', 1);
    const model = keep(buildLayerBackbone({ layers: inserted.layers, cut: CUT, size: SIZE, weights: inserted.weights, trainable: [inserted.name] }));
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual([`${inserted.name}/kernel`, `${inserted.name}/bias`]);
    const optimizer: tf.Optimizer = tf.train.adam(0.01);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    for (let step = 0; step < 2; step++) {
      tf.tidy(() => {
        const x = tf.tensor4d(input.subarray(0, SIZE * SIZE * 3), [1, SIZE, SIZE, 3]);
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.apply(x, { training: true }) as tf.Tensor, 1))) as tf.Scalar, variables);
        optimizer.applyGradients(grads);
      });
    }
    optimizer.dispose();
    const names = convsOf(inserted.layers).filter((l) => inserted.weights.has(l.name)).map((l) => l.name);
    const after = readConvWeights(model, names);
    for (const name of names) {
      const before = inserted.weights.get(name)!;
      const now = after.get(name)!;
      const same = Buffer.from(now.kernel.buffer).equals(Buffer.from(before.kernel.buffer.slice(before.kernel.byteOffset, before.kernel.byteOffset + before.kernel.byteLength)))
        && Buffer.from(now.bias.buffer).equals(Buffer.from(before.bias.buffer.slice(before.bias.byteOffset, before.bias.byteOffset + before.bias.byteLength)));
      expect(same, name).toBe(name !== inserted.name);
    }
  });

  it('refuses a layer the network does not have', () => {
    expect(() => insertIdentityLayer(weights, 'block9_conv1', 1)).toThrow(/"block9_conv1" is not a layer of this network/);
    expect(() => insertIdentityLayer(weights, 'block3_conv1', 2)).toThrow(/kernel must be 1 or 3/);
  });
});
