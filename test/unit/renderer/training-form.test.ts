import { describe, expect, it } from 'vitest';
import { ModelSpec } from '../../../shared/api/model-spec.js';
import { heldOutWarning, runStatusWord } from '../../../renderer/src/lib/training-text.js';
import type { BackboneOptions, FeatureSetInfo } from '../../../shared/api/training.js';
import {
  backboneFromFeatureSet, cachedFeatureSet, cutSummary, defaultSpec, draftFromSpec, sameWeights, sizeChoices, validateDraft, weightChoices,
  type TrainingDraft,
} from '../../../renderer/src/lib/training-form.js';

const SEEDED: FeatureSetInfo = { id: 3, weights: 'random:0', cut: 'block1_pool', pooling: 'avg', grid: null, size: 32, frames: 6, dim: 16, clips: 72 };

function options(overrides: Partial<BackboneOptions> = {}): BackboneOptions {
  return { weightSets: [{ name: 'random:0', source: 'random', upTo: 'block5_pool' }], featureSets: [SEEDED], frameSize: 128, clipFrames: 6, ...overrides };
}

/** A valid draft and the spec it came from. */
function valid(opts = options()) {
  const base = defaultSpec(opts);
  return { base, draft: draftFromSpec(base) };
}

function errorsOf(change: Partial<TrainingDraft>, opts = options()) {
  const { base, draft } = valid(opts);
  const result = validateDraft({ ...draft, ...change }, base, weightChoices(opts));
  return result.ok ? {} : result.errors;
}

describe('defaultSpec (what the form starts from)', () => {
  it('starts from the demo’s measured recipe, not the most expensive cut: block1_pool on an 8×8 grid into a motion-only GRU, at the library’s frame size and clip length', () => {
    const spec = defaultSpec(options());
    expect(spec.backbone).toEqual({ weights: 'random', cut: 'block1_pool', pooling: 'grid', grid: 8, size: 128, frames: 6 });
    expect(spec.head).toMatchObject({ cell: 'gru', units: 32, motion: 'only', segments: 6, projection: 32 });
    expect(defaultSpec(undefined).head.segments).toBe(8);
    expect(spec.epochs).toBeLessThanOrEqual(30);
  });

  it('prefers ImageNet weights once they are registered, and has a default before the options arrive', () => {
    const withImagenet = options({ weightSets: [{ name: 'imagenet', source: 'imagenet', upTo: 'block5_pool' }] });
    expect(defaultSpec(withImagenet).backbone.weights).toBe('imagenet');
    expect(defaultSpec(undefined).backbone).toEqual({ weights: 'random', cut: 'block1_pool', pooling: 'grid', grid: 8, size: 224, frames: 40 });
  });
});

describe('validateDraft (the same zod ModelSpec the service checks)', () => {
  it('turns an untouched draft back into exactly the spec it came from', () => {
    const { base, draft } = valid();
    expect(validateDraft(draft, base, weightChoices(options()))).toEqual({ ok: true, spec: base, name: undefined });
  });

  it('keeps what the form does not show (masking, segments, projection…) from the spec it was filled from', () => {
    const base = ModelSpec.parse({ backbone: { weights: 'random', cut: 'block1_pool', pooling: 'avg', size: 32, frames: 6 }, head: { segments: 3, deltas: true, projection: 8 } });
    const result = validateDraft({ ...draftFromSpec(base), units: 16, name: '  mine  ' }, base, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.head).toMatchObject({ segments: 3, deltas: true, projection: 8, units: 16 });
    expect(result.name).toBe('mine');
  });

  it('names each bad field in plain words', () => {
    expect(errorsOf({ units: 0 })).toEqual({ units: 'At least 1.' });
    expect(errorsOf({ units: 12.5 })).toEqual({ units: 'A whole number.' });
    expect(errorsOf({ layers: 5 })).toEqual({ layers: 'At most 4.' });
    expect(errorsOf({ dropout: 1 })).toEqual({ dropout: 'At most 0.9.' });
    expect(errorsOf({ learningRate: 0 })).toEqual({ learningRate: 'More than 0.' });
    expect(errorsOf({ heldOutFraction: 1 })).toEqual({ heldOutFraction: 'Less than 1.' });
    expect(errorsOf({ size: 16 })).toEqual({ size: 'At least 32.' });
    expect(errorsOf({ epochs: null, batchSize: null })).toEqual({ epochs: 'Enter a number.', batchSize: 'Enter a number.' });
  });

  it('asks for a grid side only with grid pooling', () => {
    expect(errorsOf({ pooling: 'grid', grid: null })).toEqual({ grid: 'Enter a number.' });
    expect(errorsOf({ pooling: 'grid', grid: 0 })).toEqual({ grid: 'At least 1.' });
    expect(errorsOf({ pooling: 'grid', grid: 3 })).toEqual({});
    // A stale grid side under another pooling is not sent (the spec would refuse it).
    expect(errorsOf({ pooling: 'max', grid: 3 })).toEqual({});
  });

  it('refuses weights the library lacks, and a cut deeper than the weights reach', () => {
    const partial = options({ weightSets: [{ name: 'mine', source: 'keras-h5', upTo: 'block3_pool' }] });
    expect(errorsOf({ weights: 'ghost' }, partial).weights).toMatch(/^"ghost" is not in this library/);
    expect(errorsOf({ weights: 'random:7' }, partial)).toEqual({}); // made on first use
    expect(errorsOf({ weights: 'mine', cut: 'block4_conv1' }, partial)).toEqual({ cut: 'The weight set "mine" only reaches block3_pool: cut there or before.' });
    expect(errorsOf({ weights: 'mine', cut: 'block3_pool' }, partial)).toEqual({});
  });

  it('checks no weight set before the library has listed them', () => {
    const { base, draft } = valid();
    expect(validateDraft({ ...draft, weights: 'anything' }, base, null).ok).toBe(true);
  });

  it('limits the run name to 100 characters', () => {
    expect(errorsOf({ name: 'x'.repeat(101) })).toEqual({ name: 'At most 100 characters (now 101).' });
  });
});

describe('cached features', () => {
  it('finds the cached set the backbone would use; random and random:0 are the same weights', () => {
    const draft = { ...draftFromSpec(defaultSpec(options())), weights: 'random', cut: 'block1_pool' as const, pooling: 'avg' as const, grid: null, size: 32 };
    expect(cachedFeatureSet(options(), draft)?.id).toBe(3);
    expect(cachedFeatureSet(options(), { ...draft, size: 64 })).toBeUndefined();
    expect(cachedFeatureSet(options(), { ...draft, pooling: 'max' })).toBeUndefined();
    expect(cachedFeatureSet(options({ featureSets: [{ ...SEEDED, clips: 0 }] }), draft)).toBeUndefined();
    // Clips of another length cannot be trained on in this library.
    expect(cachedFeatureSet(options({ clipFrames: 40 }), draft)).toBeUndefined();
    expect(cachedFeatureSet(undefined, draft)).toBeUndefined();
  });

  it('matches a grid set on its side', () => {
    const grid: FeatureSetInfo = { ...SEEDED, id: 4, pooling: 'grid', grid: 2, dim: 256 };
    const draft = { ...draftFromSpec(defaultSpec(options())), weights: 'random:0', cut: 'block1_pool' as const, size: 32, pooling: 'grid' as const, grid: 2 };
    expect(cachedFeatureSet(options({ featureSets: [grid] }), draft)?.id).toBe(4);
    expect(cachedFeatureSet(options({ featureSets: [grid] }), { ...draft, grid: 3 })).toBeUndefined();
  });

  it('fills the backbone from a cached set', () => {
    expect(backboneFromFeatureSet(SEEDED)).toEqual({ weights: 'random:0', cut: 'block1_pool', pooling: 'avg', grid: null, size: 32 });
    expect(backboneFromFeatureSet({ ...SEEDED, pooling: 'grid', grid: 3 })?.grid).toBe(3);
    expect(backboneFromFeatureSet({ ...SEEDED, weights: null })).toBeUndefined(); // its weights were removed
  });
});

describe('choices offered', () => {
  it('offers the library’s frame size first, then the usual sizes and cached ones, largest first', () => {
    expect(sizeChoices(options(), null)).toEqual([128, 224, 112, 64, 32]);
    expect(sizeChoices(options({ frameSize: 224 }), 96)).toEqual([224, 112, 96, 64, 32]);
    expect(sizeChoices(undefined, null)).toEqual([224, 112, 64]);
  });

  it('adds random weights unless a seed-0 random set is registered', () => {
    expect(weightChoices(options()).map((w) => w.name)).toEqual(['random:0']);
    expect(weightChoices(options({ weightSets: [{ name: 'imagenet', source: 'imagenet', upTo: 'block5_pool' }] })).map((w) => w.name)).toEqual(['imagenet', 'random']);
    expect(sameWeights('random', 'random:0')).toBe(true);
    expect(sameWeights('random:1', 'random:0')).toBe(false);
    expect(sameWeights(null, 'random')).toBe(false);
  });

  it('says what a cut sees, for a pool and for a layer inside a block', () => {
    expect(cutSummary('block3_pool')).toMatch(/textures, curves and circles/);
    expect(cutSummary('block5_conv2')).toMatch(/^Inside block 5, before its pool\. High-level/);
  });
});

describe('a run’s status in a word', () => {
  it('says "Preparing" for a queued run whose job already works (clips, features), "Queued" otherwise', () => {
    expect(runStatusWord('queued', true)).toBe('Preparing');
    expect(runStatusWord('queued', false)).toBe('Queued');
    expect(runStatusWord('queued')).toBe('Queued');
    expect(runStatusWord('running', true)).toBe('Training');
    expect(runStatusWord('cancelled')).toBe('Stopped');
  });
});

describe('the held-out share', () => {
  it('warns when more than half the games would be held out, not for a usual share', () => {
    expect(heldOutWarning(0.9)).toMatch(/^Only 10% of the games would be trained on/);
    expect(heldOutWarning(0.6)).toMatch(/^Only 40%/);
    expect(heldOutWarning(0.5)).toBeNull();
    expect(heldOutWarning(0.2)).toBeNull();
    expect(heldOutWarning(null)).toBeNull();
  });
});
