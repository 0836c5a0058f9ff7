/**
 * Opens an ONNX Runtime session for the VGG16 model: picks the execution provider (the best the
 * machine has, falling back when a provider cannot start) and sets the options for speed.
 * Shared by the extractor (./engine.ts) and the raw-speed baseline (./raw-speed.ts), so that the
 * bench measures exactly the session the app uses.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { randomWeights } from '../weights/random-weights.js';
import type { WeightSet } from '../weights/weight-set.js';
import { buildVggOnnxModel } from './onnx-model.js';
import type { PoolingMode } from '../vgg16/backbone-spec.js';

export type OnnxProvider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';
export const ONNX_PROVIDERS: readonly OnnxProvider[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

export interface VggSessionOptions {
  /** Without weights, randomWeights(0): Keras's initialisation (Glorot-uniform kernels, zero biases), seed 0. */
  readonly weights?: WeightSet;
  readonly cut: string;
  readonly pooling: PoolingMode;
  readonly grid?: number;
  readonly size: number;
  /** Intra-op threads; default: every core (os.availableParallelism()). */
  readonly threads?: number;
  /** Providers to try, in order; default: defaultProviders(). 'cpu' always ends the list. */
  readonly providers?: readonly OnnxProvider[];
}

export interface VggSession {
  readonly session: ort.InferenceSession;
  /** e.g. 'onnxruntime-node 1.30.0 (cpu, 2 threads)', with a note per provider that failed. */
  readonly engine: string;
  readonly provider: OnnxProvider;
  readonly threads: number;
  readonly featureDim: number;
}

/** The providers worth trying on this machine, best first: CUDA on Linux with an NVIDIA driver, DirectML on Windows, CoreML on macOS, then the CPU. */
/**
 * onnxruntime-node's CUDA provider is a separate library its install script downloads (skipped
 * offline, see .npmrc): without it, trying CUDA only prints an error, so look before trying.
 */
function cudaProviderInstalled(): boolean {
  try {
    const root = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    return existsSync(path.join(root, 'bin', 'napi-v6', 'linux', process.arch, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

export function defaultProviders(env: NodeJS.ProcessEnv = process.env): OnnxProvider[] {
  // FILMROOM_ONNX_PROVIDERS=cuda,cpu (or cpu) chooses by hand: the GPU check measures both.
  const forced = env.FILMROOM_ONNX_PROVIDERS?.trim();
  if (forced) {
    const list = forced.split(',').map((p) => p.trim()) as OnnxProvider[];
    const unknown = list.find((p) => !ONNX_PROVIDERS.includes(p));
    if (unknown !== undefined) throw new RangeError(`FILMROOM_ONNX_PROVIDERS: "${unknown}" is not one of ${ONNX_PROVIDERS.join(', ')}`);
    return list;
  }
  const providers: OnnxProvider[] = [];
  const supported = new Set(ort.listSupportedBackends().map((b) => b.name));
  if (process.platform === 'linux' && supported.has('cuda') && existsSync('/proc/driver/nvidia/version') && cudaProviderInstalled()) providers.push('cuda');
  if (process.platform === 'win32' && supported.has('dml')) providers.push('dml');
  if (process.platform === 'darwin' && supported.has('coreml')) providers.push('coreml');
  providers.push('cpu');
  return providers;
}

/** The session options for speed on `threads` cores with one provider. */
export function sessionOptions(provider: OnnxProvider, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    enableCpuMemArena: true,
    enableMemPattern: true,
  };
}

let lastProvider: { provider: OnnxProvider; notes: string[] } | undefined;

/** The provider the last session of this process actually runs on (undefined before the first). */
export function providerInUse(): { provider: OnnxProvider; notes: string[] } | undefined {
  return lastProvider;
}

export async function openVggSession(options: VggSessionOptions): Promise<VggSession> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${String(threads)}`);
  const requested = options.providers ?? defaultProviders();
  const unknown = requested.find((p) => !ONNX_PROVIDERS.includes(p));
  if (unknown !== undefined) throw new RangeError(`providers must be among ${ONNX_PROVIDERS.join(', ')}, got ${JSON.stringify(unknown)}`);
  const providers = [...new Set([...requested, 'cpu' as const])];

  const { bytes, featureDim } = buildVggOnnxModel({
    weights: options.weights ?? randomWeights(0, options.cut),
    cut: options.cut,
    size: options.size,
    pooling: options.pooling,
    ...(options.grid !== undefined ? { grid: options.grid } : {}),
  });
  const notes: string[] = [];
  for (const provider of providers) {
    try {
      const session = await ort.InferenceSession.create(bytes, sessionOptions(provider, threads));
      const version = ort.env.versions.node ?? ort.env.versions.common;
      const note = notes.length > 0 ? `; ${notes.join('; ')}` : '';
      lastProvider = { provider, notes: [...notes] };
      return { session, engine: `onnxruntime-node ${version} (${provider}, ${threads} thread${threads === 1 ? '' : 's'})${note}`, provider, threads, featureDim };
    } catch (error) {
      if (provider === 'cpu') throw error;
      notes.push(`${provider} unavailable: ${firstLine(error)}`);
    }
  }
  throw new Error('unreachable: the cpu provider ends the list');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 160);
}
