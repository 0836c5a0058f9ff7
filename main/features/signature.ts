import { createHash } from 'node:crypto';
import type { PoolingMode } from '../ml/tfjs/pooling.js';

export interface BackboneSignature {
  weightsSha256: string;
  cut: string;
  pooling: PoolingMode;
  /** Grid side for 'grid' pooling; absent otherwise. */
  grid?: number;
  size: number;
  frames: number;
}

/**
 * What makes cached features reusable: the weights' content, the cut, the pooling, S and T.
 * Anything else (engine, batch size, file names) must not change the features, so it is left out.
 */
export function signatureOf(signature: BackboneSignature): string {
  const canonical = {
    v: 1,
    weights: signature.weightsSha256,
    cut: signature.cut,
    pooling: signature.pooling,
    grid: signature.pooling === 'grid' ? (signature.grid ?? 2) : null,
    size: signature.size,
    frames: signature.frames,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
