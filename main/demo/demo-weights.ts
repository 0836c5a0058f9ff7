/**
 * Which backbone weights the demo extracts with, and why. ImageNet's VGG16 weights come first:
 * registered in the library, or fetched (and registered) when this computer can reach Keras's
 * server. Only when neither works does the demo fall back to Keras's random initialisation
 * (`random:0`), frozen: at block1 a random 3×3 filter bank still resolves where players are, and
 * the head's motion energy (see temporal-input.ts) reads where they move.
 */
import type { Database } from 'better-sqlite3';
import { findWeightSet } from '../library/repositories/weight-sets.js';
import { fetchAndRegisterImagenet } from '../features/weights-registry.js';

export interface DemoWeights {
  /** The weight set name the demo's spec names. */
  name: string;
  source: 'imagenet' | 'random';
  /** One sentence for the user: why these weights. */
  reason: string;
}

export const FALLBACK_WEIGHTS = 'random:0';

/** An offline machine answers within this; a slow but working one gets its whole download. */
const FETCH_CONNECT_TIMEOUT_MS = 15_000;

export interface ChooseWeightsOptions {
  /** Try to download ImageNet's weights when the library has none (default true). */
  fetch: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Replaces the global fetch (tests). */
  fetchImpl?: typeof fetch;
}

export async function chooseDemoWeights(db: Database, options: ChooseWeightsOptions): Promise<DemoWeights> {
  if (findWeightSet(db, 'imagenet')) {
    return { name: 'imagenet', source: 'imagenet', reason: 'ImageNet VGG16 weights are registered in this library' };
  }
  if (!options.fetch) {
    return { name: FALLBACK_WEIGHTS, source: 'random', reason: 'no ImageNet weights in this library and fetching was turned off (--no-fetch)' };
  }
  // The connection attempt is bounded; once the server answers, the download runs to its end.
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(new Error(`no answer within ${FETCH_CONNECT_TIMEOUT_MS / 1000} s`)), FETCH_CONNECT_TIMEOUT_MS);
  const abort = () => connect.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abort, { once: true });
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  try {
    await fetchAndRegisterImagenet(db, {
      ...(options.env ? { env: options.env } : {}),
      signal: connect.signal,
      fetch: async (input, init) => {
        const response = await fetchImpl(input, init);
        clearTimeout(timer);
        return response;
      },
    });
    return { name: 'imagenet', source: 'imagenet', reason: 'ImageNet VGG16 weights were downloaded and registered in this library' };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const why = error instanceof Error ? error.message.split('. ')[0] : String(error);
    return { name: FALLBACK_WEIGHTS, source: 'random', reason: `ImageNet VGG16 weights are not in this library and could not be fetched (${why})` };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}
