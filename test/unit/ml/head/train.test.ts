import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import type { EpochMetrics, HeadCheckpoint } from '../../../../main/ml/head/checkpoint.js';
import { snapshotWeights } from '../../../../main/ml/head/data.js';
import { predictHead } from '../../../../main/ml/head/model.js';
import { disposeHead, trainHead } from '../../../../main/ml/head/train.js';
import { createRng } from '../../../../main/system/prng.js';
import { CLASSES, rampClips, referenceLoss, spec } from './synthetic.js';

beforeAll(async () => {
  await initTfjs('wasm');
});

const train = rampClips(240, 1);
const validation = rampClips(80, 2);
const small = { epochs: 2, head: { units: 16, dropout: 0 } };

describe('trainHead', () => {
  it('learns the ramp task to > 90% validation accuracy and reports every epoch', async () => {
    const seen: EpochMetrics[] = [];
    const result = await trainHead({
      spec: spec({ epochs: 12, batchSize: 16, head: { units: 16 }, optimizer: { learningRate: 0.02 } }),
      train, validation, classes: CLASSES, onEpoch: (m) => seen.push(m),
    });
    expect(result.stoppedBy).toBe('epochs');
    expect(seen).toEqual(result.epochs);
    expect(seen.map((m) => m.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const probs = predictHead(result.model, validation.x, validation.count);
    expect(referenceLoss(probs, validation.y, CLASSES).accuracy).toBeGreaterThan(0.9);
    expect(result.epochs[result.bestEpoch - 1]!.valAccuracy).toBeGreaterThan(0.9);
    disposeHead(result.model);
  });

  it('stops early and restores the best epoch’s weights, not the last', async () => {
    // Random training labels: the head memorises noise and the validation loss climbs after the first epochs.
    const noisy = rampClips(160, 3, true);
    const result = await trainHead({
      spec: spec({ epochs: 30, batchSize: 16, head: { units: 32, dropout: 0 }, optimizer: { learningRate: 0.03 }, earlyStopping: { patience: 2, restoreBest: true } }),
      train: noisy, validation, classes: CLASSES,
    });
    expect(result.stoppedBy).toBe('early-stopping');
    const last = result.epochs.at(-1)!;
    expect(last.epoch - result.bestEpoch).toBe(2);
    const best = result.epochs[result.bestEpoch - 1]!;
    const recomputed = referenceLoss(predictHead(result.model, validation.x, validation.count), validation.y, CLASSES);
    expect(recomputed.loss).toBeCloseTo(best.valLoss, 5);
    expect(Math.abs(recomputed.loss - last.valLoss)).toBeGreaterThan(1e-3);
    disposeHead(result.model);
  });

  it('stops within the batch whose loss is NaN, keeps finite weights and writes no checkpoint', async () => {
    const poisoned = { ...train, x: Float32Array.from(train.x) };
    const bad = 37;
    poisoned.x[bad * 6 * 8 + 5] = Number.NaN;
    const saved: HeadCheckpoint[] = [];
    const result = await trainHead({
      spec: spec({ ...small, batchSize: 16 }), train: poisoned, validation, classes: CLASSES,
      checkpoint: { save: async (s) => void saved.push(s) },
    });
    // Which batch holds clip 37 in epoch 1's shuffle (the trainer's documented seeding).
    const order = createRng(1).fork('shuffle').fork(1).shuffle(Array.from({ length: train.count }, (_, i) => i));
    const batch = Math.floor(order.indexOf(bad) / 16) + 1;
    expect(result.stoppedBy).toBe('nan');
    expect(result.reason).toBe(`training loss became NaN at epoch 1, batch ${batch}`);
    expect(result.epochs).toEqual([]);
    expect(saved).toEqual([]);
    for (const w of snapshotWeights(result.model)) expect(w.data.every(Number.isFinite)).toBe(true);
    disposeHead(result.model);
  });

  it('honours the abort signal between batches', async () => {
    let reads = 0;
    const signal = { get aborted() { return ++reads > 3; } } as AbortSignal;
    const mid = await trainHead({ spec: spec(small), train, validation, classes: CLASSES, signal });
    expect(mid.stoppedBy).toBe('cancelled');
    expect(mid.reason).toBe('cancelled at epoch 1, before batch 4');
    expect(mid.epochs).toEqual([]);
    disposeHead(mid.model);

    const controller = new AbortController();
    const after = await trainHead({ spec: spec({ ...small, epochs: 5 }), train, validation, classes: CLASSES, signal: controller.signal, onEpoch: () => controller.abort() });
    expect(after.stoppedBy).toBe('cancelled');
    expect(after.epochs.map((m) => m.epoch)).toEqual([1]);
    disposeHead(after.model);
  });

  it('resumes from a checkpoint at the next epoch, with the history and Adam’s state', async () => {
    const saved: HeadCheckpoint[] = [];
    const first = await trainHead({ spec: spec(small), train, validation, classes: CLASSES, checkpoint: { save: async (s) => void saved.push(s) } });
    disposeHead(first.model);
    expect(saved.map((s) => s.epoch)).toEqual([1, 2]);
    // Iterations, then m and v for the LSTM's kernel, recurrent kernel and bias and the dense kernel and bias.
    expect(saved[1]!.optimizer.length).toBe(1 + 2 * 5);
    const resume = async (checkpoint: HeadCheckpoint) => {
      const epochs: number[] = [];
      const r = await trainHead({ spec: spec({ ...small, epochs: 3, earlyStopping: { restoreBest: false } }), train, validation, classes: CLASSES, resumeFrom: checkpoint, onEpoch: (m) => epochs.push(m.epoch) });
      const weights = snapshotWeights(r.model);
      disposeHead(r.model);
      return { r, epochs, weights };
    };
    const a = await resume(saved[1]!);
    expect(a.epochs).toEqual([3]);
    expect(a.r.epochs.slice(0, 2)).toEqual(saved[1]!.history);
    // Same checkpoint, same seeded shuffle, no dropout: the resumed epoch is reproducible bit for bit…
    const b = await resume(saved[1]!);
    expect(b.weights.map((w) => Array.from(w.data))).toEqual(a.weights.map((w) => Array.from(w.data)));
    // …and it really used the saved Adam moments: without them the step differs.
    const c = await resume({ ...saved[1]!, optimizer: [] });
    expect(c.weights.map((w) => Array.from(w.data))).not.toEqual(a.weights.map((w) => Array.from(w.data)));
  });

  it('leaks no tensors beyond the model’s weights and optimizer state', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead({ spec: spec(small), train, validation, classes: CLASSES, checkpoint: { save: async () => {} } });
    predictHead(result.model, validation.x, validation.count);
    const trainable = result.model.trainableWeights.length;
    // Model weights, Adam's m and v per trainable weight, and its two β-power scalars.
    expect(tf.memory().numTensors - before).toBe(result.model.weights.length + 2 * trainable + 2);
    disposeHead(result.model);
    expect(tf.memory().numTensors).toBe(before);
  });
});
