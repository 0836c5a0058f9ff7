/**
 * The play classifier on cached features: one training epoch per 1,000 clips, and predictions per
 * second, on the training engine (tfjs-node-gpu, else wasm) against TensorFlow.js's pure-JS 'cpu'
 * backend measured in the same run on fewer clips (it is far slower) and scaled to 1,000.
 */
import { ModelSpec } from '../../shared/api/model-spec.js';
import { buildHead, predictHead } from '../ml/head/model.js';
import { disposeHead, trainHead } from '../ml/head/train.js';
import type { ClipSet } from '../ml/head/data.js';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { createRng } from '../system/prng.js';
import { printHeading, printRow } from './report.js';

const CLASSES = 11;

function randomClips(count: number, frames: number, dim: number, seed: number): ClipSet {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: count * frames * dim }, () => rng.normal());
  const y = Int32Array.from({ length: count }, () => rng.int(0, CLASSES - 1));
  return { x, y, count, frames, dim };
}

interface Measured {
  engine: string;
  epochPer1000: number;
  predictionsPerSecond: number;
}

async function measure(backend: TfjsBackendChoice, clips: number, frames: number, dim: number, units: number): Promise<Measured> {
  const { engine } = await initTfjs(backend);
  const spec = ModelSpec.parse({
    backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 224, frames },
    head: { cell: 'lstm', units }, epochs: 1, batchSize: 16, classWeighting: 'balanced',
  });
  const train = randomClips(clips, frames, dim, 1);
  const validation = randomClips(Math.max(1, Math.round(clips / 10)), frames, dim, 2);
  const started = performance.now();
  const result = await trainHead({ spec, train, validation, classes: CLASSES });
  const epochSeconds = (performance.now() - started) / 1000;
  disposeHead(result.model);
  const model = buildHead(spec.head, { frames, dim, classes: CLASSES });
  predictHead(model, train.x.subarray(0, frames * dim * 4), 4); // warm-up
  const predictStarted = performance.now();
  predictHead(model, train.x, clips, 64);
  const predictSeconds = (performance.now() - predictStarted) / 1000;
  disposeHead(model);
  return { engine, epochPer1000: (epochSeconds * 1000) / clips, predictionsPerSecond: clips / predictSeconds };
}

export async function benchTraining(options: { clips: number; baselineClips: number; frames: number; dim: number; units: number }): Promise<void> {
  const { clips, baselineClips, frames, dim, units } = options;
  printHeading(`Play classifier on cached features (LSTM ${units}, ${frames} frames × ${dim} features, 11 classes, batch 16)`);
  const best = await measure('node-gpu', clips, frames, dim, units);
  const baseline = await measure('cpu', baselineClips, frames, dim, units);
  printRow(`epoch per 1,000 clips, ${best.engine.split(' ')[0]}`, `${best.epochPer1000.toFixed(1)} s`, `(${clips} clips measured)`);
  printRow('epoch per 1,000 clips, tfjs cpu (baseline)', `${baseline.epochPer1000.toFixed(1)} s`, `(${baselineClips} clips, scaled) → ×${(baseline.epochPer1000 / best.epochPer1000).toFixed(1)} faster`);
  printRow(`predictions per second, ${best.engine.split(' ')[0]}`, `${best.predictionsPerSecond.toFixed(0)} /s`);
  printRow('predictions per second, tfjs cpu (baseline)', `${baseline.predictionsPerSecond.toFixed(0)} /s`, `→ ×${(best.predictionsPerSecond / baseline.predictionsPerSecond).toFixed(1)}`);
}
