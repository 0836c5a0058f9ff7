import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClipModelSpec, type TransferModelSpecInput } from '../../../../shared/api/transfer.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { preprocessCaffe } from '../../../../main/ml/tfjs/vgg16.js';
import { buildTransferModel, type TransferModel } from '../../../../main/ml/transfer/models.js';
import { crossEntropy } from '../../../../main/ml/head/data.js';
import { trainStep, type ParamGroup } from '../../../../main/ml/loop/fit.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { seededRandom } from '../../../helpers/tfjs-random-weights.js';

// Tiny on purpose: 32×32 frames, 2 frames per clip, cut at block1_pool, so a step takes well under a second on the cpu backend.
const SIZE = 32;
const FRAMES = 2;
const CLASSES = 3;

beforeAll(async () => {
  await initTfjs('cpu');
});

const built: TransferModel[] = [];
afterEach(() => built.splice(0).forEach((m) => m.dispose()));

function clipModel(trainable: string[], overrides: Partial<TransferModelSpecInput> = {}): TransferModel {
  const spec = ClipModelSpec.parse({
    kind: 'clip', backbone: { weights: 'random:1', cut: 'block1_pool', size: SIZE, frames: FRAMES }, trainable, pooling: 'avg',
    head: { cell: 'gru', units: 4, dropout: 0 }, ...overrides,
  });
  const model = buildTransferModel(spec, { classes: CLASSES, weights: randomWeights(1, spec.backbone.cut) });
  built.push(model);
  return model;
}

/** Two clips of random bytes, caffe-preprocessed, and their labels. */
function batch(seed: number): { x: tf.Tensor; labels: Int32Array } {
  const random = seededRandom(seed);
  const bytes = Uint8Array.from({ length: 2 * FRAMES * SIZE * SIZE * 3 }, () => Math.floor(random() * 256));
  const x = tf.tidy(() => tf.reshape(preprocessCaffe(bytes, 2 * FRAMES, SIZE), [2, FRAMES, SIZE, SIZE, 3]));
  return { x, labels: Int32Array.from([0, 2]) };
}

/**
 * Every weight's value by name, the head's by position (its layers' generated names differ
 * between two builds: gru_GRU1, gru_GRU2, …).
 */
function values(model: TransferModel): Map<string, Float32Array> {
  return new Map(model.model.weights.map((w, i) => [w.originalName.startsWith('block') ? w.originalName : `head weight ${i}`, Float32Array.from(w.read().dataSync() as Float32Array)]));
}

function step(model: TransferModel, optimizers: { backbone: tf.Optimizer; head: tf.Optimizer }, seed = 1): number {
  const groups: ParamGroup[] = [
    { name: 'backbone', variables: model.backboneVariables, optimizer: optimizers.backbone },
    { name: 'head', variables: model.otherVariables, optimizer: optimizers.head },
  ];
  const { x, labels } = batch(seed);
  try {
    return trainStep(model.model, groups, x, labels, new Float32Array(labels.length).fill(1), CLASSES)[0];
  } finally {
    x.dispose();
  }
}

const maxAbsChange = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const sameBits = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('fine-tuning the clip model: TimeDistributed(VGG16 cut) → pooling → RNN head', () => {
  it('changes the trainable conv and the head, and leaves the frozen conv bit-identical', () => {
    const model = clipModel(['block1_conv2']);
    expect(model.trainableLayers).toEqual(['block1_conv2']);
    expect(model.frozenLayers).toEqual(['block1_conv1']);
    expect(model.backboneVariables.map((v) => v.shape)).toEqual([[3, 3, 64, 64], [64]]);
    const before = values(model);
    const tensors = tf.memory().numTensors;
    const optimizers = { backbone: tf.train.adam(1e-3), head: tf.train.adam(1e-2) };
    for (let s = 1; s <= 2; s++) expect(Number.isFinite(step(model, optimizers, s))).toBe(true);
    const after = values(model);
    optimizers.backbone.dispose();
    optimizers.head.dispose();
    // Optimizer state was disposed with the optimizers: nothing else is left behind.
    expect(tf.memory().numTensors).toBe(tensors);

    expect(sameBits(after.get('block1_conv1/kernel')!, before.get('block1_conv1/kernel')!)).toBe(true);
    expect(sameBits(after.get('block1_conv1/bias')!, before.get('block1_conv1/bias')!)).toBe(true);
    expect(maxAbsChange(after.get('block1_conv2/kernel')!, before.get('block1_conv2/kernel')!)).toBeGreaterThan(1e-4);
    const head = [...before.keys()].filter((name) => !name.startsWith('block1_'));
    expect(head.length).toBeGreaterThan(0);
    for (const name of head) expect(maxAbsChange(after.get(name)!, before.get(name)!), name).toBeGreaterThan(0);
  });

  it('honours the backbone’s own learning rate: Adam’s first step is lr · g / (|g| + ε) with each group’s own lr', () => {
    // Adam's first step, by hand: m̂ = g and v̂ = g² after bias correction, so each weight moves by
    // −lr · g / (|g| + ε), ε = 1e-7. The gradient g is taken first, on the same batch and loss.
    const model = clipModel(['block1_conv2']);
    const rates = { backbone: 1e-4, head: 1e-2 };
    const variables = [...model.backboneVariables, ...model.otherVariables];
    const { x, labels } = batch(1);
    const gradients = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const probs = model.model.apply(x, { training: true }) as tf.Tensor;
        return tf.mean(crossEntropy(probs, tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES))) as tf.Scalar;
      }, variables);
      return variables.map((v) => Float32Array.from(grads[v.name]!.dataSync() as Float32Array));
    });
    x.dispose();
    const before = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    const frozenBefore = values(model).get('block1_conv1/kernel')!;
    const optimizers = { backbone: tf.train.adam(rates.backbone), head: tf.train.adam(rates.head) };
    step(model, optimizers);
    optimizers.backbone.dispose();
    optimizers.head.dispose();
    variables.forEach((v, i) => {
      const lr = i < model.backboneVariables.length ? rates.backbone : rates.head;
      const g = gradients[i]!;
      const expected = g.map((gi) => -lr * gi / (Math.abs(gi) + 1e-7));
      const actual = (v.dataSync() as Float32Array).map((w, k) => w - before[i]![k]!);
      expect(Math.max(...expected.map(Math.abs)), v.name).toBeGreaterThan(lr / 2); // some gradients well above ε
      // float32 rounding of weights near 0.1: a few 1e-9.
      expect(maxAbsChange(actual, expected), v.name).toBeLessThan(lr * 1e-3 + 2e-8);
    });
    expect(sameBits(values(model).get('block1_conv1/kernel')!, frozenBefore)).toBe(true);
  });

  it('honours it with SGD too: the same gradient at a tenth of the rate moves the backbone a tenth as far, the head as far', () => {
    // SGD moves w by −lr · g. Two identical models, one step on the same batch: one with
    // lr_backbone = lr_head = 0.01, the other with lr_backbone = 0.001.
    const fast = clipModel(['block1_conv2']);
    const slow = clipModel(['block1_conv2']);
    slow.model.setWeights(fast.model.getWeights()); // the head's random initial weights too
    const start = values(fast);
    const sgd = (backbone: number, head: number) => ({ backbone: tf.train.sgd(backbone), head: tf.train.sgd(head) });
    const fastOpt = sgd(0.01, 0.01);
    const slowOpt = sgd(0.001, 0.01);
    step(fast, fastOpt);
    step(slow, slowOpt);
    [fastOpt, slowOpt].forEach((o) => (o.backbone.dispose(), o.head.dispose()));
    const [a, b] = [values(fast), values(slow)];
    for (const name of start.keys()) {
      const s = start.get(name)!;
      const deltaFast = a.get(name)!.map((v, i) => v - s[i]!);
      const deltaSlow = b.get(name)!.map((v, i) => v - s[i]!);
      const sumFast = deltaFast.reduce((m, v) => m + Math.abs(v), 0);
      const sumSlow = deltaSlow.reduce((m, v) => m + Math.abs(v), 0);
      if (name.startsWith('block1_conv1')) {
        expect(sumFast + sumSlow, name).toBe(0);
      } else if (name.startsWith('block1_conv2')) {
        expect(sumFast, name).toBeGreaterThan(0);
        expect(sumSlow / sumFast, name).toBeCloseTo(0.1, 3);
      } else {
        expect(sumFast, name).toBeGreaterThan(0);
        expect(sumSlow / sumFast, name).toBeCloseTo(1, 4);
      }
    }
  });

  it('trains block5 of a deeper cut at its own rate while blocks 1–4 stay frozen', () => {
    // The example (--trainable block5), on a 32×32 frame cut at block5_conv1: only block5_conv1 trains.
    const model = clipModel(['block5'], { backbone: { weights: 'random:1', cut: 'block5_conv1', size: SIZE, frames: 1 } } as Partial<TransferModelSpecInput>);
    expect(model.trainableLayers).toEqual(['block5_conv1']);
    expect(model.frozenLayers).toHaveLength(10);
  });

  it('refuses trainable layers the cut does not reach, naming them', () => {
    expect(() => clipModel(['block5'])).toThrow(/block5 lies beyond the cut block1_pool/);
  });
});
