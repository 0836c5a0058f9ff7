import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FrameModelSpec, type StackLayerInput } from '../../../../shared/api/transfer.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { buildVgg16, preprocessCaffe } from '../../../../main/ml/tfjs/vgg16.js';
import { backboneWeightSet } from '../../../../main/ml/transfer/backbone.js';
import { buildTransferModel, type TransferModel } from '../../../../main/ml/transfer/models.js';
import { fit, trainStep } from '../../../../main/ml/loop/fit.js';
import type { SampleSet } from '../../../../main/ml/loop/samples.js';
import { readKerasH5 } from '../../../../main/ml/weights/keras-h5-read.js';
import { writeKerasH5 } from '../../../../main/ml/weights/keras-h5-write.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { tempDir } from '../../../helpers/temp.js';
import { seededRandom } from '../../../helpers/tfjs-random-weights.js';

const SIZE = 32;
/** Colour is global: the frame's mean features tell the classes apart; normalised, so the softmax does not start saturated. */
const CLASSIFIER: StackLayerInput[] = [{ type: 'globalAvgPool2d' }, { type: 'layerNorm' }];

beforeAll(async () => {
  await initTfjs('cpu');
});

const built: TransferModel[] = [];
afterEach(() => built.splice(0).forEach((m) => m.dispose()));

function frameModel(cut: string, trainable: string[], stack: StackLayerInput[], classes = 2): TransferModel {
  const spec = FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'random:3', cut, size: SIZE }, trainable, stack });
  const model = buildTransferModel(spec, { classes, weights: randomWeights(3, cut) });
  built.push(model);
  return model;
}

/** `n` frames per class: class 0 reddish noise, class 1 bluish noise, caffe-preprocessed on demand. */
function colourFrames(n: number, seed: number): SampleSet {
  const random = seededRandom(seed);
  const frameBytes = SIZE * SIZE * 3;
  const bytes = new Uint8Array(2 * n * frameBytes);
  for (let s = 0; s < 2 * n; s++) {
    const red = s % 2 === 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      const base = (s * SIZE * SIZE + p) * 3;
      bytes[base] = Math.floor((red ? 128 : 0) + random() * 128);
      bytes[base + 1] = Math.floor(random() * 128);
      bytes[base + 2] = Math.floor((red ? 0 : 128) + random() * 128);
    }
  }
  return {
    count: 2 * n,
    labels: Int32Array.from({ length: 2 * n }, (_, s) => s % 2),
    async input(indices) {
      const picked = new Uint8Array(indices.length * frameBytes);
      indices.forEach((s, k) => picked.set(bytes.subarray(s * frameBytes, (s + 1) * frameBytes), k * frameBytes));
      return preprocessCaffe(picked, indices.length, SIZE);
    },
  };
}

describe('your own backbone weights', () => {
  it('trained here, written to .h5 and read back by name, give a fresh buildVgg16 exactly the trained backbone’s outputs', async () => {
    const model = frameModel('block1_pool', ['all'], CLASSIFIER);
    const initial = randomWeights(3, 'block1_pool');
    const frames = colourFrames(2, 9);
    const optimizer = tf.train.adam(1e-2);
    const groups = [{ name: 'all', variables: [...model.backboneVariables, ...model.otherVariables], optimizer }];
    for (const batch of [[0, 1], [2, 3]]) {
      const x = await frames.input(batch);
      trainStep(model.model, groups, x, Int32Array.from(batch, (s) => frames.labels[s]!), new Float32Array(2).fill(1), 2);
      x.dispose();
    }
    optimizer.dispose();

    const trained = backboneWeightSet(model.backbone);
    expect([...trained.keys()]).toEqual(['block1_conv1', 'block1_conv2']);
    for (const name of trained.keys()) {
      const moved = trained.get(name)!.kernel.some((v, i) => v !== initial.get(name)!.kernel[i]);
      expect(moved, `${name} trained`).toBe(true);
    }
    const file = path.join(tempDir(), 'mine.h5');
    await writeKerasH5(trained, file);
    const loaded = await readKerasH5(file, { upTo: 'block1_pool' });
    for (const [name, w] of trained) {
      expect(Buffer.from(loaded.get(name)!.kernel.buffer).equals(Buffer.from(w.kernel.buffer)), name).toBe(true);
      expect(Buffer.from(loaded.get(name)!.bias.buffer).equals(Buffer.from(w.bias.buffer)), name).toBe(true);
    }
    const fresh = buildVgg16({ cut: 'block1_pool', size: SIZE, weights: loaded });
    const x = await frames.input([0, 1, 2, 3]);
    const want = (model.backbone.predict(x) as tf.Tensor).dataSync();
    const got = (fresh.predict(x) as tf.Tensor).dataSync();
    fresh.dispose();
    x.dispose();
    expect(got.length).toBe(4 * 16 * 16 * 64);
    expect(Math.max(...got)).toBeGreaterThan(1);
    expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });

  it('trains a per-frame classifier to tell the classes apart on held-out frames, restoring the best epoch', async () => {
    // Cut at the first conv, so three epochs take a second or two on the cpu backend.
    const model = frameModel('block1_conv1', ['block1_conv1'], CLASSIFIER);
    const before = tf.memory().numTensors;
    const optimizers = [tf.train.adam(1e-3), tf.train.adam(1e-2)];
    const epochs: number[] = [];
    const result = await fit({
      model: model.model,
      groups: [{ name: 'backbone', variables: model.backboneVariables, optimizer: optimizers[0]! }, { name: 'head', variables: model.otherVariables, optimizer: optimizers[1]! }],
      train: colourFrames(4, 1), validation: colourFrames(3, 2), classes: 2, epochs: 3, batchSize: 4, classWeighting: 'balanced',
      earlyStopping: { patience: 5, restoreBest: true }, seed: 1, onEpoch: (e) => epochs.push(e.valLoss),
    });
    optimizers.forEach((o) => o.dispose());
    expect(tf.memory().numTensors).toBe(before);
    expect(result.stoppedBy).toBe('epochs');
    expect(result.epochs).toHaveLength(3);
    expect(result.bestEpoch).toBe(epochs.indexOf(Math.min(...epochs)) + 1);
    expect(result.epochs[result.bestEpoch - 1]!.valAccuracy).toBe(1);
  });
});
