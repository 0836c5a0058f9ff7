/**
 * The spec of any training run, told apart by `kind`: 'head' (an RNN head on cached backbone
 * features, ModelSpec) or 'transfer' (a network trained on frames: fine-tuning, a stack, a
 * backbone; TransferRunSpec). Both share how they train (trainingSettings). Specs stored before
 * runs had kinds have none: one with a `model` is a transfer run, any other a head run.
 */
import { z } from 'zod';
import { ModelSpec } from './model-spec.js';
import { TransferRunSpec } from './transfer.js';

export const RunSpec = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !('kind' in value) ? { ...value, kind: 'model' in value ? 'transfer' : 'head' } : value),
  z.discriminatedUnion('kind', [ModelSpec, TransferRunSpec]),
);
export type RunSpec = z.infer<typeof RunSpec>;
export type RunSpecInput = z.input<typeof RunSpec>;
