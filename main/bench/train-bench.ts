/**
 * The play classifier on cached features: one training epoch per 1,000 clips (through trainHead,
 * validation included), and predictions per second, on the training engine (tfjs-node-gpu, else
 * wasm), for the LSTM and GRU heads. Film Room's fused recurrent layers (../ml/tfjs/recurrent) are
 * measured against the path they replaced, in the same run: TensorFlow.js's own layers with the
 * wasm backend's own BatchMatMul, on fewer clips (it is far slower) scaled to 1,000.
 *
 * Beside wall-clock time the bench prints the process's CPU time, which other work on a shared
 * machine inflates far less (the wasm backend runs on one thread).
 */
import { ModelSpec } from '../../shared/api/model-spec.js';
import { buildHead, predictHead } from '../ml/head/model.js';
import { disposeHead, trainHead } from '../ml/head/train.js';
import type { ClipSet } from '../ml/head/data.js';
import { initTfjs } from '../ml/tfjs/backend.js';
import { useWasmBatchMatMul } from '../ml/tfjs/wasm-training-kernels/index.js';
import { createRng } from '../system/prng.js';
import { printHeading, printRow } from './report.js';

const CLASSES = 11;

type Cell = 'lstm' | 'gru';
type Path = 'fused' | 'tfjs';

function randomClips(count: number, frames: number, dim: number, seed: number): ClipSet {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: count * frames * dim }, () => rng.normal());
  const y = Int32Array.from({ length: count }, () => rng.int(0, CLASSES - 1));
  return { x, y, count, frames, dim };
}

interface Measured {
  /** Seconds per 1,000 clips. */
  epochWall: number;
  epochCpu: number;
  predictionsPerSecond: number;
  predictionsPerCpuSecond: number;
}

/** Seconds of this process's CPU time (all threads) since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function measure(cell: Cell, path: Path, clips: number, frames: number, dim: number, units: number): Promise<Measured> {
  // The path before the fused layers also had the package's own BatchMatMul.
  useWasmBatchMatMul(path === 'fused' ? 'xnnpack' : 'stock');
  try {
    const spec = ModelSpec.parse({
      backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 224, frames },
      head: { cell, units }, epochs: 1, batchSize: 16, classWeighting: 'balanced',
    });
    const train = randomClips(clips, frames, dim, 1);
    const validation = randomClips(Math.max(1, Math.round(clips / 10)), frames, dim, 2);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await trainHead({ spec, train, validation, classes: CLASSES, recurrent: path });
    const epochCpu = cpuSeconds(cpu);
    const epochWall = (performance.now() - started) / 1000;
    disposeHead(result.model);
    const model = buildHead(spec.head, { frames, dim, classes: CLASSES, recurrent: path });
    predictHead(model, train.x.subarray(0, frames * dim * 4), 4); // warm-up
    const predictStarted = performance.now();
    const predictCpu = process.cpuUsage();
    predictHead(model, train.x, clips, 64);
    const predictCpuSeconds = cpuSeconds(predictCpu);
    const predictSeconds = (performance.now() - predictStarted) / 1000;
    disposeHead(model);
    const per1000 = 1000 / clips;
    return {
      epochWall: epochWall * per1000,
      epochCpu: epochCpu * per1000,
      predictionsPerSecond: clips / predictSeconds,
      predictionsPerCpuSecond: clips / predictCpuSeconds,
    };
  } finally {
    useWasmBatchMatMul('xnnpack');
  }
}

export interface TrainBenchOptions {
  /** Clips the fused layers train on (one epoch). */
  clips: number;
  /** Clips TensorFlow.js's own layers train on, scaled to 1,000. */
  baselineClips: number;
  frames: number;
  dim: number;
  units: number;
}

export async function benchTraining(options: TrainBenchOptions): Promise<void> {
  const { clips, baselineClips, frames, dim, units } = options;
  const { engine } = await initTfjs('node-gpu');
  printHeading(`Play classifier on cached features (${frames} frames × ${dim} features, 11 classes, batch 16), ${engine}`);
  for (const cell of ['lstm', 'gru'] as const) {
    const name = `${cell.toUpperCase()} ${units}`;
    const fused = await measure(cell, 'fused', clips, frames, dim, units);
    const before = await measure(cell, 'tfjs', baselineClips, frames, dim, units);
    const time = (m: Measured) => `${m.epochWall.toFixed(1)} s`;
    printRow(`${name}: epoch per 1,000 clips, fused layers`, time(fused), `CPU ${fused.epochCpu.toFixed(1)} s (${clips} clips measured)`);
    printRow(`${name}: epoch per 1,000 clips, tfjs layers`, time(before),
      `CPU ${before.epochCpu.toFixed(1)} s (${baselineClips} clips, scaled) → fused ×${(before.epochWall / fused.epochWall).toFixed(1)} faster (CPU ×${(before.epochCpu / fused.epochCpu).toFixed(1)})`);
    printRow(`${name}: predictions per second, fused layers`, `${fused.predictionsPerSecond.toFixed(0)} /s`, `${fused.predictionsPerCpuSecond.toFixed(0)} per CPU second`);
    printRow(`${name}: predictions per second, tfjs layers`, `${before.predictionsPerSecond.toFixed(0)} /s`,
      `${before.predictionsPerCpuSecond.toFixed(0)} per CPU second → fused ×${(fused.predictionsPerSecond / before.predictionsPerSecond).toFixed(1)}`);
  }
}
