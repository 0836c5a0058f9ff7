import { describe, expect, it } from 'vitest';
import { VGG16_LAYER_NAMES } from '../../../shared/api/vgg16-layers.js';
import { blockOf, CUT_BLOCKS, featureDim, mapShape, OTHER_LAYERS, reaches } from '../../../renderer/src/lib/vgg-blocks.js';
import { runAdvice, specLine } from '../../../renderer/src/lib/training-text.js';
import { ModelSpec } from '../../../shared/api/model-spec.js';

// Reference shapes: Keras's VGG16(include_top=False, input_shape=(224, 224, 3)).summary() lists
// block1_pool (112, 112, 64), block3_conv2 (56, 56, 256), block5_pool (7, 7, 512).
describe('mapShape and featureDim (what a cut gives each frame)', () => {
  it('matches Keras’s VGG16 shapes at 224×224', () => {
    expect(mapShape('block1_conv1', 224)).toEqual({ side: 224, channels: 64 });
    expect(mapShape('block1_pool', 224)).toEqual({ side: 112, channels: 64 });
    expect(mapShape('block3_conv2', 224)).toEqual({ side: 56, channels: 256 });
    expect(mapShape('block5_pool', 224)).toEqual({ side: 7, channels: 512 });
  });

  it('rounds each pool down, as Keras does: 100 → 50 → 25 → 12 → 6 → 3', () => {
    expect(mapShape('block5_pool', 100).side).toBe(3);
    expect(mapShape('block1_pool', 32)).toEqual({ side: 16, channels: 64 });
  });

  it('counts channels (avg, max), channels × grid² (grid) or the whole map (none)', () => {
    expect(featureDim('block5_pool', 'avg', 224)).toBe(512);
    expect(featureDim('block1_pool', 'max', 32)).toBe(64);
    expect(featureDim('block5_pool', 'grid', 224, 2)).toBe(2048);
    expect(featureDim('block3_pool', 'grid', 224, 3)).toBe(256 * 9);
    expect(featureDim('block5_pool', 'none', 224)).toBe(7 * 7 * 512);
    expect(featureDim('block1_pool', 'none', 224)).toBe(112 * 112 * 64);
  });
});

describe('the cut blocks', () => {
  it('offers the five pools, each with what it tends to see as transfer-learning practice has it', () => {
    expect(CUT_BLOCKS.map((b) => b.layer)).toEqual(['block1_pool', 'block2_pool', 'block3_pool', 'block4_pool', 'block5_pool']);
    expect(CUT_BLOCKS[0]!.sees).toMatch(/edges and corners/);
    expect(CUT_BLOCKS[1]!.sees).toMatch(/edges and corners/);
    expect(CUT_BLOCKS[2]!.sees).toMatch(/textures, curves and circles/);
    expect(CUT_BLOCKS[3]!.sees).toMatch(/textures, curves and circles/);
    expect(CUT_BLOCKS[4]!.sees).toMatch(/^High-level/);
  });

  it('offers every other VGG16 layer apart, so any layer can be the cut', () => {
    expect([...CUT_BLOCKS.map((b) => b.layer), ...OTHER_LAYERS].sort()).toEqual([...VGG16_LAYER_NAMES].sort());
  });

  it('knows each layer’s block and whether a weight set reaches it', () => {
    expect(blockOf('block3_conv2')).toBe(3);
    expect(blockOf('block5_pool')).toBe(5);
    expect(blockOf('fc1')).toBeUndefined();
    expect(blockOf('block6_pool')).toBeUndefined();
    expect(reaches('block3_pool', 'block3_pool')).toBe(true);
    expect(reaches('block3_pool', 'block4_conv1')).toBe(false);
    expect(reaches('block5_pool', 'block1_conv1')).toBe(true);
  });
});

describe('runs in words', () => {
  it('summarises a spec on one line', () => {
    const spec = ModelSpec.parse({
      backbone: { weights: 'imagenet', cut: 'block3_pool', pooling: 'grid', grid: 2, size: 112, frames: 40 },
      head: { cell: 'gru', units: 32, layers: 2, bidirectional: true },
      epochs: 12,
    });
    expect(specLine(spec)).toBe('imagenet · block3_pool · grid 2×2 · 112 px → bidirectional GRU 32 × 2 layers · lr 0.001 · batch 16 · 12 epochs');
  });

  it('says what to do about a stopped or failed run, and nothing otherwise', () => {
    expect(runAdvice({ status: 'cancelled', error: 'cancelled' })).toMatch(/Resume continues from there/);
    expect(runAdvice({ status: 'failed', error: 'x' })).toMatch(/then Resume/);
    expect(runAdvice({ status: 'finished', error: null })).toBeNull();
    expect(runAdvice({ status: 'running', error: null })).toBeNull();
  });
});
