import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CheckpointError, decodeCheckpoint, encodeCheckpoint, loadCheckpointFile, saveCheckpointFile, type HeadCheckpoint,
} from '../../../../main/ml/head/checkpoint.js';
import { classWeights, validateClipSet } from '../../../../main/ml/head/data.js';
import { RunSpec } from '../../../../shared/api/run-spec.js';
import { ModelSpec } from '../../../../shared/api/model-spec.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-head-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function checkpoint(epoch: number): HeadCheckpoint {
  // Odd values on purpose: NaN payloads, -0, subnormals and Infinity must survive bit for bit.
  const odd = Float32Array.from([1.5, -0, Number.NaN, 1e-45, Number.POSITIVE_INFINITY, epoch]);
  return {
    epoch,
    weights: [{ name: 'lstm/kernel', shape: [2, 3], data: odd }, { name: 'dense/bias', shape: [3], data: Float32Array.from([0.1, 0.2, epoch]) }],
    optimizer: [{ name: 'iter', shape: [], data: Float32Array.of(12) }],
    bestEpoch: 0,
    bestValLoss: Number.POSITIVE_INFINITY,
    bestWeights: null,
    history: [{ epoch, loss: 1.25, accuracy: 0.5, valLoss: 1.5, valAccuracy: 0.25, seconds: 0.1 }],
    shuffleSeed: 7,
  };
}
const bits = (c: HeadCheckpoint) => [...c.weights, ...c.optimizer].map((a) => Array.from(new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length)));

describe('head checkpoints', () => {
  it('round-trips bit for bit through a file, keeping the previous one as .prev', async () => {
    const file = path.join(dir, 'head.ckpt');
    await saveCheckpointFile(file, checkpoint(1));
    expect(fs.existsSync(`${file}.prev`)).toBe(false);
    await saveCheckpointFile(file, checkpoint(2));
    const loaded = await loadCheckpointFile(file);
    const prev = await loadCheckpointFile(`${file}.prev`);
    expect(bits(loaded)).toEqual(bits(checkpoint(2)));
    expect(bits(prev)).toEqual(bits(checkpoint(1)));
    expect({ ...loaded, weights: [], optimizer: [] }).toEqual({ ...checkpoint(2), weights: [], optimizer: [] });
    expect(loaded.bestValLoss).toBe(Number.POSITIVE_INFINITY);
    expect(loaded.weights[0]!.shape).toEqual([2, 3]);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('refuses a truncated, damaged or foreign file with a clear error', async () => {
    const bytes = encodeCheckpoint({ ...checkpoint(3), bestWeights: checkpoint(2).weights });
    expect(decodeCheckpoint(bytes).bestWeights?.length).toBe(2);
    const file = path.join(dir, 'cut.ckpt');
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    await expect(loadCheckpointFile(file)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpointFile(file)).rejects.toThrow(`checkpoint ${file} is truncated or damaged: its CRC-32 does not match`);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20]! ^= 1;
    expect(() => decodeCheckpoint(flipped)).toThrow('checkpoint is truncated or damaged');
    expect(() => decodeCheckpoint(Buffer.from('not a checkpoint at all'))).toThrow('is not a Film Room head checkpoint');
    await expect(loadCheckpointFile(path.join(dir, 'missing.ckpt'))).rejects.toThrow('cannot read checkpoint');
  });
});

describe('classWeights', () => {
  it("'balanced' is n / (classes · count_c), by hand", () => {
    // 6 samples, 3 classes; counts 3, 2, 1 → 6/9, 6/6, 6/3.
    const w = classWeights(Int32Array.from([0, 0, 0, 1, 1, 2]), 3, 'balanced');
    expect(Array.from(w)).toEqual([Math.fround(2 / 3), 1, 2]);
    // A class with no samples weighs 0; 'none' weighs all 1.
    expect(Array.from(classWeights(Int32Array.from([0, 1, 1, 1]), 3, 'balanced'))).toEqual([4 / 3, 4 / 9, 0].map(Math.fround));
    expect(Array.from(classWeights(Int32Array.from([0, 0, 1]), 3, 'none'))).toEqual([1, 1, 1]);
  });

  it('clip sets are checked, naming the bad value', () => {
    const set = { x: new Float32Array(12), y: Int32Array.from([0, 3]), count: 2, frames: 2, dim: 3 };
    expect(() => validateClipSet('train', set, 3)).toThrow('train.y[1] must be a class in [0, 2], got 3');
    expect(() => validateClipSet('validation', { ...set, x: new Float32Array(11) }, 4)).toThrow('validation.x must be a Float32Array of count × frames × dim = 12 values, got 11');
  });
});

describe('ModelSpec', () => {
  const backbone = { weights: 'imagenet', cut: 'block5_pool', pooling: 'avg', size: 224 };
  it('fills in the defaults', () => {
    expect(ModelSpec.parse({ backbone })).toEqual({
      kind: 'head',
      backbone: { ...backbone, frames: 40 },
      head: { cell: 'lstm', units: 64, layers: 1, bidirectional: false, dropout: 0.2, masking: true, segments: 0, deltas: false, motion: 'none', projection: 0, inputDropout: 0, inputNoise: 0 },
      optimizer: { name: 'adam', learningRate: 1e-3 },
      augment: { flips: 'none' },
      batchSize: 16, epochs: 30, earlyStopping: { patience: 5, restoreBest: true }, classWeighting: 'balanced', splitSeed: 1, heldOutFraction: 0.2,
    });
  });
  it('is one kind of RunSpec; a spec stored before runs had kinds reads as its kind', () => {
    expect(RunSpec.parse({ backbone }).kind).toBe('head');
    const transfer = RunSpec.parse({ model: { kind: 'frame', backbone: { weights: 'random', cut: 'block1_pool', size: 32 } } });
    expect(transfer.kind).toBe('transfer');
    // Both kinds train alike: the shared settings, each with its own defaults.
    expect(transfer).toMatchObject({ batchSize: 4, epochs: 5, earlyStopping: { patience: 5, restoreBest: true }, classWeighting: 'balanced', splitSeed: 1, heldOutFraction: 0.2 });
    expect(RunSpec.safeParse({ kind: 'transfer', backbone }).success).toBe(false);
    expect(RunSpec.safeParse({ kind: 'other', backbone }).success).toBe(false);
  });
  it('rejects bad values at their path', () => {
    const issue = (input: unknown) => ModelSpec.safeParse(input).error?.issues[0]?.path.join('.');
    expect(issue({ backbone, head: { units: 0 } })).toBe('head.units');
    expect(issue({ backbone, head: { dropout: 0.95 } })).toBe('head.dropout');
    expect(issue({ backbone: { ...backbone, cut: 'block6_pool' } })).toBe('backbone.cut');
    expect(issue({ backbone: { ...backbone, grid: 2 } })).toBe('backbone.grid');
    expect(issue({ backbone, optimizer: { name: 'sgd' } })).toBe('optimizer.name');
    expect(issue({ backbone, extra: 1 })).toBe('');
    expect(ModelSpec.safeParse({ backbone: { ...backbone, pooling: 'grid', grid: 2 } }).success).toBe(true);
  });
});
