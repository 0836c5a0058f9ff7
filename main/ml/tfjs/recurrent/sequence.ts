/**
 * What the LSTM and GRU sequence kernels share: the shapes, the mask, and the exact arithmetic of
 * TensorFlow.js's activations (Keras's defaults there: tanh, and a hard sigmoid for the gates).
 */

export interface SequenceShape {
  /** B: clips in the batch. */
  readonly batch: number;
  /** T: time steps. */
  readonly steps: number;
  /** u: the layer's units (state size). */
  readonly units: number;
}

export interface SequenceOptions {
  /** Run from the last step to the first (outputs come in that processing order, as in Keras). */
  readonly goBackwards: boolean;
  /** Output every step's state [B, T, u] rather than the last one [B, u]. */
  readonly returnSequences: boolean;
}

/** 0.2 as float32: what tfjs multiplies by in `0.5 + 0.2·x`. */
const SLOPE = Math.fround(0.2);
const f32 = Math.fround;

/**
 * The argument of tfjs's hard sigmoid, rounded as tfjs rounds it (float32 products and sums):
 * the gate is clamp(y, 0, 1), and its derivative is 0.2 where 0 ≤ y ≤ 1, else 0 (tfjs's
 * clipByValue passes the gradient at both ends).
 */
export function hardSigmoidArgument(x: number): number {
  return f32(0.5 + f32(SLOPE * x));
}

export function clampUnit(y: number): number {
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

export function hardSigmoidSlope(y: number): number {
  return y >= 0 && y <= 1 ? SLOPE : 0;
}

/** The time index of processing step s. */
export function timeOf(s: number, steps: number, goBackwards: boolean): number {
  return goBackwards ? steps - 1 - s : s;
}

/** Whether clip b takes part in step t (tfjs casts the mask to bool: any non-zero counts). */
export function active(mask: Float32Array | null, b: number, t: number, steps: number): boolean {
  return mask === null || mask[b * steps + t] !== 0;
}

/** The layer's output from the states after each processing step ([T, B, u], time-major). */
export function sequenceOutput(states: Float32Array, shape: SequenceShape, returnSequences: boolean): Float32Array {
  const { batch: B, steps: T, units: u } = shape;
  if (!returnSequences) return states.slice((T - 1) * B * u, T * B * u);
  // [B, T, u], step s at position s (processing order, as tfjs's rnn() stacks them).
  const out = new Float32Array(B * T * u);
  for (let s = 0; s < T; s++) {
    for (let b = 0; b < B; b++) out.set(states.subarray((s * B + b) * u, (s * B + b + 1) * u), (b * T + s) * u);
  }
  return out;
}

/** The gradient reaching the states of processing step s from the layer's output gradient `dy`, added into dh. */
export function addOutputGradient(dh: Float32Array, dy: Float32Array, s: number, shape: SequenceShape, returnSequences: boolean): void {
  const { batch: B, steps: T, units: u } = shape;
  if (!returnSequences) {
    if (s === T - 1) for (let i = 0; i < B * u; i++) dh[i]! += dy[i]!;
    return;
  }
  for (let b = 0; b < B; b++) {
    const from = (b * T + s) * u;
    const to = b * u;
    for (let j = 0; j < u; j++) dh[to + j]! += dy[from + j]!;
  }
}

/**
 * Columns [from, from + width) of the step-major rows of `source` (rows of `stride` floats), transposed:
 * out[j, r] = source[r, from + j], so that Σ_r a_rᵀ · d_r over all steps becomes one product.
 */
export function transposedColumns(source: Float32Array, rows: number, stride: number, from: number, width: number): Float32Array {
  const out = new Float32Array(width * rows);
  for (let r = 0; r < rows; r++) {
    const row = r * stride + from;
    for (let j = 0; j < width; j++) out[j * rows + r] = source[row + j]!;
  }
  return out;
}

/** Columns [from, from + width) of a [rows × stride] matrix, as a contiguous [rows × width] one. */
export function columns(source: Float32Array, rows: number, stride: number, from: number, width: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(source.subarray(r * stride + from, r * stride + from + width), r * width);
  return out;
}

/** The step-major gradient rows [T, B, G] put back in the input's order [B, T, G] (step s is time timeOf(s)). */
export function toBatchMajor(stepMajor: Float32Array, shape: SequenceShape, width: number, goBackwards: boolean): Float32Array {
  const { batch: B, steps: T } = shape;
  const out = new Float32Array(B * T * width);
  for (let s = 0; s < T; s++) {
    const t = timeOf(s, T, goBackwards);
    for (let b = 0; b < B; b++) out.set(stepMajor.subarray((s * B + b) * width, (s * B + b + 1) * width), (b * T + t) * width);
  }
  return out;
}
