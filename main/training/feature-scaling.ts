/**
 * Per-dimension standardisation of frame features: (x − mean) / std, with mean and std taken over
 * every frame of the training clips. A dimension that never varies (a dead ReLU) maps to 0.
 * Computed in float64, stored as float32.
 */
export interface FeatureScaling {
  mean: Float32Array;
  std: Float32Array;
}

/** Below this a dimension counts as constant. */
const MIN_STD = 1e-6;

/** Scaling from the frames of `x` ([clips × frames × dim]). */
export function fitScaling(x: Float32Array, dim: number): FeatureScaling {
  return fitScalingInBatches(() => [x], dim);
}

/**
 * Scaling from clips handed over a batch at a time, in two passes (the mean, then the spread about
 * it), so a training set never has to be in memory at once. `batches` must yield the same values in
 * the same order each time it is called; the sums then run exactly as over one array.
 */
export function fitScalingInBatches(batches: () => Iterable<Float32Array>, dim: number): FeatureScaling {
  let rows = 0;
  const sum = new Float64Array(dim);
  for (const x of batches()) {
    const n = framesOf(x, dim);
    for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) sum[d]! += x[r * dim + d]!;
    rows += n;
  }
  if (rows < 1) throw new RangeError(`x must hold a positive whole number of ${dim}-value frames, got 0 values`);
  const mean = sum.map((s) => s / rows);
  const squares = new Float64Array(dim);
  for (const x of batches()) {
    const n = framesOf(x, dim);
    for (let r = 0; r < n; r++) {
      for (let d = 0; d < dim; d++) {
        const centred = x[r * dim + d]! - mean[d]!;
        squares[d]! += centred * centred;
      }
    }
  }
  return { mean: Float32Array.from(mean), std: Float32Array.from(squares, (s) => Math.sqrt(s / rows)) };
}

function framesOf(x: Float32Array, dim: number): number {
  const rows = x.length / dim;
  if (!Number.isInteger(rows)) throw new RangeError(`x must hold a positive whole number of ${dim}-value frames, got ${x.length} values`);
  return rows;
}

/** A scaled copy of `x`. */
export function applyScaling(x: Float32Array, scaling: FeatureScaling): Float32Array {
  const { mean, std } = scaling;
  const dim = mean.length;
  const out = new Float32Array(x.length);
  // Frame by frame rather than `i % dim` per value: streamed runs scale every batch of every epoch.
  for (let base = 0; base < x.length; base += dim) {
    for (let d = 0; d < dim; d++) out[base + d] = std[d]! < MIN_STD ? 0 : (x[base + d]! - mean[d]!) / std[d]!;
  }
  return out;
}

export function encodeScaling(scaling: FeatureScaling): Buffer {
  const both = new Float32Array(scaling.mean.length * 2);
  both.set(scaling.mean, 0);
  both.set(scaling.std, scaling.mean.length);
  return Buffer.from(both.buffer);
}

export function decodeScaling(bytes: Uint8Array, dim: number): FeatureScaling {
  if (bytes.byteLength !== dim * 8) throw new RangeError(`the stored feature scaling holds ${bytes.byteLength} bytes, expected ${dim * 8} for ${dim} dimensions`);
  const both = new Float32Array(new Uint8Array(bytes).buffer);
  return { mean: both.slice(0, dim), std: both.slice(dim) };
}
