/**
 * The kernels that let convolutions train on the wasm backend (../ml/tfjs/wasm-training-kernels):
 * one backward pass of a VGG-style conv (3×3, stride 1, 'same'), i.e. dW (Conv2DBackpropFilter)
 * and dx (Conv2DBackpropInput), plus the 2×2 max pool's MaxPoolGrad, on wasm against TensorFlow.js's
 * pure-JS 'cpu' backend in the same run. The cpu backend's filter gradient is very slow, so it runs
 * on fewer images and is scaled to the batch (its cost is linear in the batch).
 */
import * as tf from '@tensorflow/tfjs';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { createRng } from '../system/prng.js';
import { printHeading, printRow } from './report.js';

export interface ConvGradBenchOptions {
  readonly batch: number;
  readonly size: number;
  readonly channels: number;
  readonly filters: number;
  /** Images the cpu baseline runs on (scaled to `batch`). */
  readonly cpuBatch: number;
  /** Timed repetitions on wasm (the cpu baseline runs once). */
  readonly reps: number;
}

interface Timing {
  engine: string;
  filterMs: number;
  inputMs: number;
  poolMs: number;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

/** Mean milliseconds of `reps` runs of a kernel, its output read back and freed each time. */
function msPerRun(reps: number, run: () => tf.Tensor): number {
  const started = performance.now();
  for (let i = 0; i < reps; i++) {
    const out = run();
    out.dataSync();
    out.dispose();
  }
  return (performance.now() - started) / reps;
}

interface Kernels {
  readonly filterGrad: () => tf.Tensor;
  readonly inputGrad: () => tf.Tensor;
  readonly poolGrad: () => tf.Tensor;
  dispose(): void;
}

/** The three backward kernels on fixed random tensors, called through the engine as training does. */
function backwardKernels(batch: number, size: number, channels: number, filters: number): Kernels {
  const x = randomTensor([batch, size, size, channels], 1);
  const w = randomTensor([3, 3, channels, filters], 2);
  const dy = randomTensor([batch, size, size, filters], 3);
  const pooledDy = randomTensor([batch, size / 2, size / 2, filters], 4);
  const common = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  return {
    filterGrad: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...common, filterShape: [3, 3, channels, filters] }) as tf.Tensor,
    inputGrad: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { ...common, inputShape: [batch, size, size, channels] }) as tf.Tensor,
    // The pool's input is the conv's output: dy stands in for it (any values will do).
    poolGrad: () => tf.engine().runKernel(tf.MaxPoolGrad, { dy: pooledDy, input: dy, output: pooledDy }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor,
    dispose: () => tf.dispose([x, w, dy, pooledDy]),
  };
}

/** `fullWarmUp` also runs each kernel once at full size untimed: cheap on wasm, not on cpu. */
async function measure(backend: TfjsBackendChoice, batch: number, options: ConvGradBenchOptions, reps: number, fullWarmUp: boolean): Promise<Timing> {
  const { engine } = await initTfjs(backend);
  const { size, channels, filters } = options;
  // Warm the JIT and the backend up on a small case first, so that neither pays for it in the timing.
  const small = backwardKernels(1, 4, channels, filters);
  [small.filterGrad, small.inputGrad, small.poolGrad].forEach((run) => msPerRun(1, run));
  small.dispose();
  const kernels = backwardKernels(batch, size, channels, filters);
  try {
    if (fullWarmUp) [kernels.filterGrad, kernels.inputGrad, kernels.poolGrad].forEach((run) => msPerRun(1, run));
    return { engine, filterMs: msPerRun(reps, kernels.filterGrad), inputMs: msPerRun(reps, kernels.inputGrad), poolMs: msPerRun(reps, kernels.poolGrad) };
  } finally {
    kernels.dispose();
  }
}

export async function benchConvGradients(options: ConvGradBenchOptions): Promise<void> {
  const { batch, size, channels, filters, cpuBatch, reps } = options;
  if (size % 2 !== 0) throw new RangeError(`size must be even (it is max-pooled 2×2), got ${size}`);
  printHeading(`Conv training kernels: backward pass of a 3×3 'same' conv, ${batch}×${size}×${size}×${channels} → ${filters} filters, and its 2×2 max pool`);
  const wasm = await measure('wasm', batch, options, reps, true);
  const cpuRaw = await measure('cpu', cpuBatch, options, 1, false);
  await initTfjs('wasm');
  const scale = batch / cpuBatch;
  const cpu = { filterMs: cpuRaw.filterMs * scale, inputMs: cpuRaw.inputMs * scale, poolMs: cpuRaw.poolMs * scale };
  const scaled = scale === 1 ? '' : ` (${cpuBatch} image${cpuBatch === 1 ? '' : 's'}, scaled ×${scale})`;
  const ratio = (slow: number, fast: number) => `×${(slow / fast).toFixed(1)}`;
  const wasmName = wasm.engine.split(';')[0]!;
  printRow('dW (Conv2DBackpropFilter), wasm', `${wasm.filterMs.toFixed(1)} ms`, wasmName);
  printRow('dW (Conv2DBackpropFilter), tfjs cpu', `${cpu.filterMs.toFixed(0)} ms`, `${ratio(cpu.filterMs, wasm.filterMs)} slower${scaled}`);
  printRow('dx (Conv2DBackpropInput), wasm', `${wasm.inputMs.toFixed(1)} ms`);
  printRow('dx (Conv2DBackpropInput), tfjs cpu', `${cpu.inputMs.toFixed(0)} ms`, `${ratio(cpu.inputMs, wasm.inputMs)} slower${scaled}`);
  const wasmBoth = wasm.filterMs + wasm.inputMs;
  const cpuBoth = cpu.filterMs + cpu.inputMs;
  printRow('conv backward (dW + dx), wasm', `${wasmBoth.toFixed(1)} ms`);
  printRow('conv backward (dW + dx), tfjs cpu', `${cpuBoth.toFixed(0)} ms`, `wasm is ${ratio(cpuBoth, wasmBoth)} faster (target ≥ ×10)`);
  printRow('max pool 2×2 backward, wasm', `${wasm.poolMs.toFixed(1)} ms`);
  printRow('max pool 2×2 backward, tfjs cpu', `${cpu.poolMs.toFixed(1)} ms`, `wasm is ${ratio(cpu.poolMs, wasm.poolMs)} faster${scaled}`);
}
