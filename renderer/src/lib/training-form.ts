/**
 * The Training form as plain data: what the fields hold, the spec they make, and field errors in
 * plain words. Validation is the same zod ModelSpec the main side checks, so what passes here is
 * what the service accepts; a few checks it cannot know (a weight set too shallow for the cut) are added.
 */
import type { z } from 'zod';
import { ModelSpec, type ModelSpecInput } from '../../../shared/api/model-spec.js';
import type { BackboneOptions, FeatureSetInfo, WeightSetInfo } from '../../../shared/api/training.js';
import { CUT_BLOCKS, isVgg16Layer, reaches, type Pooling, type Vgg16Layer } from './vgg-blocks.js';

/** Numbers are null while their field is empty (how Svelte binds an empty number input). */
export interface TrainingDraft {
  name: string;
  weights: string;
  cut: Vgg16Layer;
  pooling: Pooling;
  grid: number | null;
  size: number | null;
  cell: 'lstm' | 'gru';
  units: number | null;
  layers: number | null;
  bidirectional: boolean;
  dropout: number | null;
  segments: number | null;
  deltas: boolean;
  projection: number | null;
  inputDropout: number | null;
  learningRate: number | null;
  batchSize: number | null;
  epochs: number | null;
  patience: number | null;
  restoreBest: boolean;
  classWeighting: 'none' | 'balanced';
  splitSeed: number | null;
  heldOutFraction: number | null;
}

export type DraftField = keyof TrainingDraft;
/** Field errors, plus `form` for a problem no single field owns. */
export type DraftErrors = Partial<Record<DraftField | 'form', string>>;

export type DraftValidation = { ok: true; spec: ModelSpec; name: string | undefined } | { ok: false; errors: DraftErrors };

/** Grid side when the user switches pooling to grid (the extractor's own default). */
export const DEFAULT_GRID = 2;
/** Frame sizes offered besides the library's own and those of cached features. */
const COMMON_SIZES = [224, 112, 64];
const NAME_MAX = 100;
/** Random initialisation from a seed needs no registered set: the registry makes it on first use. */
const RANDOM = /^random(?::\d+)?$/;

const NUMBER_FIELDS = [
  'grid', 'size', 'units', 'layers', 'dropout', 'segments', 'projection', 'inputDropout', 'learningRate', 'batchSize', 'epochs', 'patience', 'splitSeed', 'heldOutFraction',
] as const satisfies readonly DraftField[];

/** Where each spec path is edited in the form. */
const FIELD_OF_PATH: Readonly<Record<string, DraftField>> = {
  'backbone.weights': 'weights',
  'backbone.cut': 'cut',
  'backbone.pooling': 'pooling',
  'backbone.grid': 'grid',
  'backbone.size': 'size',
  'head.cell': 'cell',
  'head.units': 'units',
  'head.layers': 'layers',
  'head.bidirectional': 'bidirectional',
  'head.dropout': 'dropout',
  'head.segments': 'segments',
  'head.deltas': 'deltas',
  'head.projection': 'projection',
  'head.inputDropout': 'inputDropout',
  'optimizer.learningRate': 'learningRate',
  batchSize: 'batchSize',
  epochs: 'epochs',
  'earlyStopping.patience': 'patience',
  'earlyStopping.restoreBest': 'restoreBest',
  classWeighting: 'classWeighting',
  splitSeed: 'splitSeed',
  heldOutFraction: 'heldOutFraction',
};

/** 'random' and 'random:0' are the same weights (the registry names the first use 'random:0'). */
export function sameWeights(a: string | null, b: string | null): boolean {
  const canonical = (name: string | null) => (name === 'random' ? 'random:0' : name);
  return a !== null && b !== null && canonical(a) === canonical(b);
}

/** The registered weight sets, with 'random' added when no seed-0 random set is registered yet. */
export function weightChoices(options: BackboneOptions | undefined): WeightSetInfo[] {
  const sets = options?.weightSets ?? [];
  const random: WeightSetInfo = { name: 'random', source: 'random', upTo: 'block5_pool' };
  return sets.some((set) => sameWeights(set.name, 'random')) ? [...sets] : [...sets, random];
}

/** The library's frame size first, then the usual sizes and any size features are cached at; largest first after it. */
export function sizeChoices(options: BackboneOptions | undefined, current: number | null): number[] {
  const frameSize = options?.frameSize ?? 224;
  const others = new Set([...COMMON_SIZES, ...(options?.featureSets ?? []).map((set) => set.size), ...(current ? [current] : [])]);
  others.delete(frameSize);
  return [frameSize, ...[...others].sort((a, b) => b - a)];
}

/**
 * The model the form starts from, for this library (its clip length, its frame size): the recipe the
 * demo measured best for its cost (see the README) rather than the most expensive one. Block 1's maps
 * on an 8×8 grid take about an eighth of VGG16's work per frame (block5_pool takes all of it), and
 * where things move, which the motion-only GRU head reads, is what tells play types apart.
 */
export function defaultSpec(options: BackboneOptions | undefined): ModelSpec {
  const imagenet = options?.weightSets.find((set) => set.source === 'imagenet' && reaches(set.upTo, 'block1_pool'));
  const frames = options?.clipFrames ?? 40;
  return ModelSpec.parse({
    backbone: { weights: imagenet?.name ?? 'random', cut: 'block1_pool', pooling: 'grid', grid: 8, size: options?.frameSize ?? 224, frames },
    // A segment is at least a frame: a library of short clips gets one per frame.
    head: { cell: 'gru', units: 32, dropout: 0.5, segments: Math.min(8, frames), motion: 'only', projection: 32, inputDropout: 0.3, inputNoise: 0.3 },
    optimizer: { learningRate: 2e-3 },
    epochs: 30,
    earlyStopping: { patience: 8, restoreBest: true },
  });
}

export function draftFromSpec(spec: ModelSpec, name = ''): TrainingDraft {
  return {
    name,
    weights: spec.backbone.weights,
    cut: spec.backbone.cut,
    pooling: spec.backbone.pooling,
    grid: spec.backbone.grid ?? null,
    size: spec.backbone.size,
    cell: spec.head.cell,
    units: spec.head.units,
    layers: spec.head.layers,
    bidirectional: spec.head.bidirectional,
    dropout: spec.head.dropout,
    segments: spec.head.segments,
    deltas: spec.head.deltas,
    projection: spec.head.projection,
    inputDropout: spec.head.inputDropout,
    learningRate: spec.optimizer.learningRate,
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    patience: spec.earlyStopping.patience,
    restoreBest: spec.earlyStopping.restoreBest,
    classWeighting: spec.classWeighting,
    splitSeed: spec.splitSeed,
    heldOutFraction: spec.heldOutFraction,
  };
}

/** The backbone of a cached feature set, to train on features that need no extraction. */
export function backboneFromFeatureSet(set: FeatureSetInfo): Pick<TrainingDraft, 'weights' | 'cut' | 'pooling' | 'grid' | 'size'> | undefined {
  if (set.weights === null || !isVgg16Layer(set.cut) || !isPooling(set.pooling)) return undefined;
  return { weights: set.weights, cut: set.cut, pooling: set.pooling, grid: set.pooling === 'grid' ? (set.grid ?? DEFAULT_GRID) : null, size: set.size };
}

/** The cached feature set the draft's backbone would use, if there is one with clips. */
export function cachedFeatureSet(options: BackboneOptions | undefined, draft: TrainingDraft): FeatureSetInfo | undefined {
  const grid = draft.pooling === 'grid' ? (draft.grid ?? DEFAULT_GRID) : null;
  return options?.featureSets.find(
    (set) =>
      set.clips > 0 &&
      sameWeights(set.weights, draft.weights) &&
      set.cut === draft.cut &&
      set.pooling === draft.pooling &&
      (set.pooling !== 'grid' || set.grid === grid) &&
      set.size === draft.size &&
      set.frames === options.clipFrames,
  );
}

/**
 * The spec the form describes, laid over `base` (the spec it was filled from), so settings the form
 * does not show (masking, segments, deltas, projection) keep their values; or the field errors.
 */
export function validateDraft(draft: TrainingDraft, base: ModelSpec, weightSets: readonly WeightSetInfo[] | null): DraftValidation {
  const errors: DraftErrors = {};
  for (const field of NUMBER_FIELDS) {
    if (field === 'grid' && draft.pooling !== 'grid') continue;
    const value = draft[field];
    if (value === null || !Number.isFinite(value)) errors[field] = 'Enter a number.';
  }
  const name = draft.name.trim();
  if (name.length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters (now ${name.length}).`;
  // Weight sets are checked once the library has said which it has (null until then).
  const weights = weightSets?.find((set) => sameWeights(set.name, draft.weights));
  if (weightSets && !weights && !RANDOM.test(draft.weights)) {
    errors.weights = `"${draft.weights}" is not in this library: choose another, or add it with \`filmroom weights import FILE\`.`;
  }
  if (weights && !reaches(weights.upTo, draft.cut)) {
    errors.cut = `The weight set "${weights.name}" only reaches ${weights.upTo}: cut there or before.`;
  }

  const input = specInput(draft, base);
  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[issue.path.join('.')] ?? 'form';
      errors[field] ??= field === 'form' ? `${issue.path.join('.')}: ${plainIssue(issue)}` : plainIssue(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, spec: parsed.data, name: name || undefined };
}

function specInput(draft: TrainingDraft, base: ModelSpec): ModelSpecInput {
  // An empty number field is reported above; here it only needs to be some value zod can read.
  const n = (value: number | null) => value ?? Number.NaN;
  return {
    ...base,
    backbone: {
      weights: draft.weights,
      cut: draft.cut,
      pooling: draft.pooling,
      ...(draft.pooling === 'grid' ? { grid: n(draft.grid) } : {}),
      size: n(draft.size),
      frames: base.backbone.frames,
    },
    head: { ...base.head, cell: draft.cell, units: n(draft.units), layers: n(draft.layers), bidirectional: draft.bidirectional, dropout: n(draft.dropout),
      segments: n(draft.segments), deltas: draft.deltas, projection: n(draft.projection), inputDropout: n(draft.inputDropout),
    },
    optimizer: { ...base.optimizer, learningRate: n(draft.learningRate) },
    batchSize: n(draft.batchSize),
    epochs: n(draft.epochs),
    earlyStopping: { patience: n(draft.patience), restoreBest: draft.restoreBest },
    classWeighting: draft.classWeighting,
    splitSeed: n(draft.splitSeed),
    heldOutFraction: n(draft.heldOutFraction),
  };
}

/** A zod issue in the words a form uses ("At least 1."), not the schema's ("Too small: expected number to be >=1"). */
export function plainIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return 'Required.';
      return issue.inclusive ? `At least ${String(issue.minimum)}.` : `More than ${String(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${String(issue.maximum)} characters.`;
      return issue.inclusive ? `At most ${String(issue.maximum)}.` : `Less than ${String(issue.maximum)}.`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'A whole number.' : 'Enter a number.';
    case 'invalid_value':
      return 'Choose one of the listed options.';
    default:
      return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  }
}

function isPooling(value: string): value is Pooling {
  return value === 'avg' || value === 'max' || value === 'grid' || value === 'none';
}

/** The cut's block line ("Block 3 — textures…") for a pool layer; conv layers say which block they sit in. */
export function cutSummary(cut: Vgg16Layer): string {
  const block = CUT_BLOCKS.find((b) => cut.startsWith(`block${b.block}_`))!;
  return cut === block.layer ? block.sees : `Inside block ${block.block}, before its pool. ${block.sees}`;
}
