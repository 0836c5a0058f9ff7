import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameModelSpec } from '../../../../shared/api/transfer.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildVgg16 } from '../../../../main/ml/tfjs/vgg16.js';
import { buildTransferModel } from '../../../../main/ml/transfer/models.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { maxAbsDiff } from '../../../helpers/tfjs-random-weights.js';

beforeAll(async () => {
  await initTfjs('cpu');
});

describe('a whole transfer model’s gradients', () => {
  it('equal those of the same network built from TensorFlow.js’s own layers (buildVgg16 + tf.layers), weight by weight', () => {
    // Cut at block1_conv1 so that TensorFlow.js's own (slow) filter gradients take a second: the stack's conv
    // must pass its gradient down into the trainable VGG16 conv, as in any fine-tuning.
    const stack = [{ type: 'conv2d', filters: 4 }, { type: 'maxPool2d' }, { type: 'flatten' }, { type: 'dense', units: 8 }];
    const spec = FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'random:2', cut: 'block1_conv1', size: 32 }, trainable: ['all'], stack });
    const weights = randomWeights(2, 'block1_conv1');
    const ours = buildTransferModel(spec, { classes: 3, weights });
    const vgg = buildVgg16({ cut: 'block1_conv1', size: 32, weights });
    const input = tf.input({ shape: [32, 32, 3] });
    let x = vgg.apply(input) as tf.SymbolicTensor;
    for (const layer of [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' }),
    ]) x = layer.apply(x) as tf.SymbolicTensor;
    const reference = tf.model({ inputs: input, outputs: x });
    reference.setWeights(ours.model.getWeights());
    const frames = tf.randomUniform([2, 32, 32, 3], -120, 130, 'float32', 7);
    const gradients = (model: tf.LayersModel) => tf.tidy(() => {
      const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(frames, { training: true }) as tf.Tensor, tf.tensor2d([[0.3, -1, 2]]))) as tf.Scalar, variables);
      return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
    });
    const got = gradients(ours.model);
    const want = gradients(reference);
    expect(got).toHaveLength(8);
    got.forEach((g, i) => {
      const scale = Math.max(...want[i]!.map(Math.abs));
      expect(scale, ours.model.trainableWeights[i]!.name).toBeGreaterThan(0);
      expect(maxAbsDiff(g, want[i]!), ours.model.trainableWeights[i]!.name).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
    });
    tf.dispose(frames);
    ours.dispose();
    reference.dispose();
  });
});
