import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClipModelSpec, FrameModelSpec, SOURCE_STACK, StackLayers, TransferRunSpec, WeightSetName, parseStackText } from '../../../../shared/api/transfer.js';
import { ClipCache } from '../../../../main/media/clip-cache.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { ClipFrames, frameIndices } from '../../../../main/ml/transfer/clip-frames.js';
import { defaultBackboneClassifier, stackShapes } from '../../../../main/ml/transfer/stack.js';
import { frozenLayers, resolveTrainable } from '../../../../main/ml/transfer/trainable.js';
import { outputShape } from '../../../../main/ml/vgg16/architecture.js';
import { tempDir } from '../../../helpers/temp.js';

beforeAll(async () => {
  await initTfjs('cpu');
});

describe('specs', () => {
  it('fill in defaults: a frame model stacks the source’s example, a clip model’s head has no masking', () => {
    const frame = FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'imagenet', cut: 'block2_pool', size: 160 } });
    expect(frame.stack).toEqual(StackLayers.parse(SOURCE_STACK));
    expect(frame.stack[0]).toEqual({ type: 'conv2d', filters: 64, kernel: 3, padding: 'valid', activation: 'relu' });
    expect(frame.trainable).toEqual([]);
    const clip = ClipModelSpec.parse({ kind: 'clip', backbone: { weights: 'imagenet', cut: 'block5_pool', size: 112 }, trainable: ['block5'] });
    expect(clip.head).toEqual({ cell: 'lstm', units: 64, layers: 1, bidirectional: false, dropout: 0.2, segments: 0, deltas: false, motion: 'none', projection: 0, inputDropout: 0, inputNoise: 0 });
    expect(() => ClipModelSpec.parse({ ...clip, head: { masking: true } })).toThrow();
    const run = TransferRunSpec.parse({ model: clip });
    expect(run.optimizer).toEqual({ name: 'adam', learningRate: 1e-3, backboneLearningRate: 1e-5 });
  });

  it('refuse pool layers, unknown names and reserved weight-set names', () => {
    expect(ClipModelSpec.safeParse({ kind: 'clip', backbone: { weights: 'w', cut: 'block5_pool', size: 64 }, trainable: ['block5_pool'] }).success).toBe(false);
    expect(ClipModelSpec.safeParse({ kind: 'clip', backbone: { weights: 'w', cut: 'block6_pool', size: 64 } }).success).toBe(false);
    expect(WeightSetName.safeParse('random:3').success).toBe(false);
    expect(WeightSetName.safeParse('../escape').success).toBe(false);
    expect(WeightSetName.safeParse('court-b3.v2').success).toBe(true);
  });
});

describe('parseStackText', () => {
  it('reads the source’s example on one line', () => {
    expect(parseStackText('conv2d:64:3,maxPool2d:2,flatten,dense:256,dropout:0.5')).toEqual(StackLayers.parse(SOURCE_STACK));
  });

  it('reads short names, options and JSON', () => {
    expect(parseStackText(' Conv:32:5:same:linear , gap , norm, dense:10:tanh ')).toEqual([
      { type: 'conv2d', filters: 32, kernel: 5, padding: 'same', activation: 'linear' },
      { type: 'globalAvgPool2d' },
      { type: 'layerNorm' },
      { type: 'dense', units: 10, activation: 'tanh' },
    ]);
    expect(parseStackText('[{"type":"flatten"},{"type":"dense","units":3}]')).toEqual([{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'relu' }]);
  });

  it('names the item at fault', () => {
    expect(() => parseStackText('flatten,dens:3')).toThrow(/item 2 \("dens:3"\) is not a layer type/);
    expect(() => parseStackText('dense')).toThrow(/item 1 \(dense\) needs a unit count/);
    expect(() => parseStackText('flatten,dropout:2')).toThrow(/layer 2 \(rate\)/);
    expect(() => parseStackText('[oops')).toThrow(/not valid JSON/);
  });
});

describe('defaultBackboneClassifier', () => {
  it('is the source’s stack after max-pools down to 16×16, or just its dense part on small maps', () => {
    const source = StackLayers.parse(SOURCE_STACK);
    // block2_pool at 64: 16×16 already. block1_pool at 224: 112 → pool 7 → 16. block3_pool at 224: 28 → pool 2 → 14.
    expect(defaultBackboneClassifier(outputShape('block2_pool', 64))).toEqual(source);
    expect(defaultBackboneClassifier(outputShape('block1_pool', 224))).toEqual([{ type: 'maxPool2d', pool: 7 }, ...source]);
    expect(defaultBackboneClassifier(outputShape('block3_pool', 224))).toEqual([{ type: 'maxPool2d', pool: 2 }, ...source]);
    // block5_pool at 64: 2×2×512, too small for a 3×3 'valid' convolution.
    expect(defaultBackboneClassifier(outputShape('block5_pool', 64))).toEqual(source.slice(2));
    // Flatten stays small: 16×16 → conv 14×14 → pool 7×7×64 = 3136 at most.
    expect(stackShapes(outputShape('block1_pool', 224), defaultBackboneClassifier(outputShape('block1_pool', 224)))[3]).toEqual([3136]);
  });
});

describe('resolveTrainable', () => {
  it('spells out all, blocks and convs within the cut, in network order', () => {
    expect(resolveTrainable('block5_pool', ['block5'])).toEqual(['block5_conv1', 'block5_conv2', 'block5_conv3']);
    expect(resolveTrainable('block2_conv1', ['all'])).toEqual(['block1_conv1', 'block1_conv2', 'block2_conv1']);
    expect(resolveTrainable('block4_pool', ['block4_conv3', 'block3'])).toEqual(['block3_conv1', 'block3_conv2', 'block3_conv3', 'block4_conv3']);
    expect(resolveTrainable('block5_conv2', ['block5'])).toEqual(['block5_conv1', 'block5_conv2']);
    expect(frozenLayers('block2_pool', ['block2_conv2'])).toEqual(['block1_conv1', 'block1_conv2', 'block2_conv1']);
  });

  it('refuses what the model does not have', () => {
    expect(() => resolveTrainable('block3_pool', ['block4'])).toThrow(/block4 lies beyond the cut block3_pool/);
    expect(() => resolveTrainable('block3_pool', ['block2_pool'])).toThrow(/not a VGG16 block or conv layer/);
  });
});

describe('clip frames', () => {
  it('picks T′ of T frames evenly, the first and the last included', () => {
    expect(frameIndices(40, 40)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(frameIndices(40, 2)).toEqual([0, 39]);
    expect(frameIndices(40, 4)).toEqual([0, 13, 26, 39]);
    expect(frameIndices(40, 1)).toEqual([19]);
    expect(() => frameIndices(4, 5)).toThrow(/1–4/);
  });

  it('reads the chosen frames from the clip cache, resized when the clip is another size', async () => {
    const cache = new ClipCache(tempDir());
    // Clip A: 4 frames of 32×32, frame k every byte = 10·k. Clip B: 4 frames of 64×64, flat colours too.
    const clip = (size: number, base: number) => Uint8Array.from({ length: 4 * size * size * 3 }, (_, i) => base + 10 * Math.floor(i / (size * size * 3)));
    await cache.write('a.rgb', clip(32, 0));
    await cache.write('b.rgb', clip(64, 100));
    const store = new ClipFrames(cache, [
      { playId: 1, gameId: 1, label: 0, path: 'a.rgb', size: 32 },
      { playId: 2, gameId: 1, label: 1, path: 'b.rgb', size: 64 },
    ], { storedFrames: 4, frames: 2, size: 32 });
    const a = await store.frames(0);
    const b = await store.frames(1);
    const frameBytes = 32 * 32 * 3;
    expect(a.length).toBe(2 * frameBytes);
    expect(new Set(a.subarray(0, frameBytes))).toEqual(new Set([0]));
    expect(new Set(a.subarray(frameBytes))).toEqual(new Set([30]));
    // A flat frame stays flat whatever the interpolation.
    expect(b.length).toBe(2 * frameBytes);
    expect(new Set(b.subarray(0, frameBytes))).toEqual(new Set([100]));
    expect(new Set(b.subarray(frameBytes))).toEqual(new Set([130]));
    // Served from memory the second time: the file is not read again.
    fs.rmSync(path.join(cache.root, 'a.rgb'));
    expect(await store.frames(0)).toBe(a);
  });

  it('names a damaged clip file', async () => {
    const cache = new ClipCache(tempDir());
    await cache.write('short.rgb', new Uint8Array(100));
    const store = new ClipFrames(cache, [{ playId: 1, gameId: 1, label: 0, path: 'short.rgb', size: 32 }], { storedFrames: 4, frames: 2, size: 32 });
    await expect(store.frames(0)).rejects.toThrow(/short\.rgb holds 100 bytes.*re-import/);
  });
});
