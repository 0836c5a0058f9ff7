/** Small synthetic clip sets for the head tests. */
import { ModelSpec, type ModelSpecInput } from '../../../../shared/api/model-spec.js';
import { createRng } from '../../../../main/system/prng.js';
import type { ClipSet } from '../../../../main/ml/head/data.js';

export const FRAMES = 6;
export const DIM = 8;
export const CLASSES = 4;

/**
 * Class c = the feature dimension that carries a rising ramp (0 → 2 over the clip); every value also
 * gets N(0, 0.3) noise, so no frame is all zeros. `randomLabels` replaces the labels with noise.
 */
export function rampClips(count: number, seed: number, randomLabels = false): ClipSet {
  const rng = createRng(seed);
  const x = new Float32Array(count * FRAMES * DIM);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = rng.int(0, CLASSES - 1);
    y[i] = randomLabels ? rng.int(0, CLASSES - 1) : c;
    for (let t = 0; t < FRAMES; t++) {
      for (let d = 0; d < DIM; d++) x[(i * FRAMES + t) * DIM + d] = 0.3 * rng.normal() + (d === c ? (2 * t) / (FRAMES - 1) : 0);
    }
  }
  return { x, y, count, frames: FRAMES, dim: DIM };
}

export function spec(overrides: Partial<ModelSpecInput> = {}): ModelSpec {
  return ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 224, frames: FRAMES }, ...overrides });
}

/** Mean clipped cross-entropy and accuracy computed in plain JavaScript from probabilities. */
export function referenceLoss(probs: Float32Array, labels: Int32Array, classes: number): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = Array.from(probs.subarray(i * classes, (i + 1) * classes));
    loss -= Math.log(Math.min(Math.max(row[labels[i]!]!, 1e-7), 1 - 1e-7));
    if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
  }
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}
