/**
 * Chooses the TensorFlow.js backend, best first:
 *   1. `@tensorflow/tfjs-node-gpu` (an optional dependency: native libtensorflow, CUDA when present),
 *   2. the WebAssembly backend (XNNPACK; in Node: SIMD, one thread), with our conv-training kernels
 *      registered (./wasm-training-kernels: the package lacks Conv2DBackpropFilter and its
 *      MaxPoolGrad drops some gradients), so that convs train there too,
 *   3. the pure-JavaScript 'cpu' backend (about 30× slower than wasm).
 * The app shows the returned `engine` string in its UI and in `--json` output.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-training-kernels/index.js';

export type TfjsBackendChoice = 'node-gpu' | 'wasm' | 'cpu';

export interface TfjsEngine {
  /** What runs the tensors, e.g. 'tfjs-wasm (SIMD, 1 thread)'. */
  readonly engine: string;
}

const CHOICES: readonly TfjsBackendChoice[] = ['node-gpu', 'wasm', 'cpu'];
// Held in a variable so that neither TypeScript nor a bundler tries to resolve a package that is
// usually not installed (its install downloads libtensorflow).
const NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

let wasmPathsSet = false;
const pending = new Map<TfjsBackendChoice, Promise<TfjsEngine>>();

/**
 * Initialises TensorFlow.js on the best backend that loads, starting at `preferred` (default
 * 'node-gpu') and falling back down the list above. Calls with the same preference share one
 * initialisation; a failed backend is reported in the fallback's engine string, never thrown,
 * unless even the 'cpu' backend fails.
 */
export function initTfjs(preferred: TfjsBackendChoice = 'node-gpu'): Promise<TfjsEngine> {
  if (!CHOICES.includes(preferred)) {
    return Promise.reject(new RangeError(`preferred backend must be one of ${CHOICES.join(', ')}, got ${String(preferred)}`));
  }
  let promise = pending.get(preferred);
  if (!promise) {
    promise = initFrom(preferred);
    pending.set(preferred, promise);
    promise.catch(() => pending.delete(preferred));
  }
  return promise.then(async (result) => {
    // Another preference may have switched the global backend since: switch back.
    if (tf.getBackend() !== backendName(result.engine)) await tf.setBackend(backendName(result.engine));
    return result;
  });
}

async function initFrom(preferred: TfjsBackendChoice): Promise<TfjsEngine> {
  const notes: string[] = [];
  for (const choice of CHOICES.slice(CHOICES.indexOf(preferred))) {
    try {
      const engine = await tryBackend(choice);
      if (engine) return { engine: notes.length > 0 ? `${engine}; ${notes.join('; ')}` : engine };
      // tfjs-node-gpu not being installed is the normal case here, not worth a note.
      if (choice !== 'node-gpu') notes.push(`${choice} backend did not start`);
    } catch (error) {
      notes.push(`${choice} backend failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${notes.join('; ')}).`);
}

async function tryBackend(choice: TfjsBackendChoice): Promise<string | null> {
  switch (choice) {
    case 'node-gpu': {
      try {
        await import(/* @vite-ignore */ NODE_GPU_PACKAGE);
      } catch (error) {
        // Not installed is the usual case: fall back quietly. Installed but broken (say, libtensorflow
        // or CUDA libraries missing) is worth saying in the engine string.
        if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return null;
        throw error;
      }
      if (!(await tf.setBackend('tensorflow'))) return null;
      await tf.ready();
      return 'tfjs-node-gpu (libtensorflow)';
    }
    case 'wasm': {
      if (!wasmPathsSet) {
        setWasmPaths(wasmDistFolder());
        wasmPathsSet = true;
      }
      if (!(await tf.setBackend('wasm'))) return null;
      await tf.ready();
      registerWasmTrainingKernels();
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      const threads = getThreadsCount();
      return `tfjs-wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`;
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) return null;
      await tf.ready();
      return 'tfjs-cpu (pure JavaScript)';
    }
  }
}

function backendName(engine: string): string {
  if (engine.startsWith('tfjs-node-gpu')) return 'tensorflow';
  return engine.startsWith('tfjs-wasm') ? 'wasm' : 'cpu';
}

/**
 * The folder holding the package's .wasm binaries, with a trailing separator (setWasmPaths joins
 * it to the file name by plain concatenation). Resolved through Node's resolver so it holds from
 * the sources, from the esbuild bundle in dist/, and from a packaged app.
 */
function wasmDistFolder(): string {
  // ESM has import.meta.url; the CommonJS bundle (Electron main) has __filename instead.
  const from = typeof __filename === 'string' ? __filename : import.meta.url;
  const entry = createRequire(from).resolve('@tensorflow/tfjs-backend-wasm'); // …/dist/tf-backend-wasm.node.js
  return path.dirname(entry) + path.sep;
}
