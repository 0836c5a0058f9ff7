/**
 * A whole LSTM sequence, forward and backward through time, exactly as TensorFlow.js's LSTM layer
 * computes it (Keras's gate order i, f, c, o; hard-sigmoid gates; tanh; masked steps carry the
 * previous state and output), on plain arrays:
 *
 *   z_t = x_t·W + b               (given: one product for all steps, done by the caller)
 *   a   = z_t + h_{t−1}·U         a = [a_i | a_f | a_c | a_o], each u wide
 *   i, f, o = hardSigmoid(a_i, a_f, a_o);  g = tanh(a_c)
 *   c_t = f·c_{t−1} + i·g;  h_t = o·tanh(c_t)
 *
 * Only h·U runs per step (one product per step forward, one backward); the weight gradient dU is
 * one product over all steps at the end.
 */
import type { MatMul } from './matmul.js';
import {
  active, addOutputGradient, clampUnit, hardSigmoidArgument, hardSigmoidSlope, sequenceOutput, timeOf, toBatchMajor, transposedColumns,
  type SequenceOptions, type SequenceShape,
} from './sequence.js';

const f32 = Math.fround;

/** What the backward pass needs from the forward one (all step-major: [T, B, …] in processing order). */
export interface LstmTape {
  /** Per step and clip: the hard sigmoids' arguments of i and f, g = tanh(a_c), and o's argument. */
  readonly gates: Float32Array;
  readonly cells: Float32Array;
  /** tanh of the cells (the backward pass needs it, the forward one computed it). */
  readonly cellTanh: Float32Array;
  readonly states: Float32Array;
}

/**
 * z: [B, T, 4u] (input projections, bias included); kernel: the recurrent kernel U [u, 4u];
 * mask: [B, T] or null. Returns the layer's output ([B, T, u] or [B, u]) and the tape.
 */
export function lstmForward(
  z: Float32Array, kernel: Float32Array, mask: Float32Array | null, shape: SequenceShape, options: SequenceOptions, mm: MatMul,
): { output: Float32Array; tape: LstmTape } {
  const { batch: B, steps: T, units: u } = shape;
  const G = 4 * u;
  const gates = new Float32Array(T * B * G);
  const cells = new Float32Array(T * B * u);
  const cellTanh = new Float32Array(T * B * u);
  const states = new Float32Array(T * B * u);
  const zero = new Float32Array(B * u);
  const rec = new Float32Array(B * G);
  const right = mm.withRight(kernel, u, G);
  try {
    for (let s = 0; s < T; s++) {
      const t = timeOf(s, T, options.goBackwards);
      const hp = s === 0 ? zero : states.subarray((s - 1) * B * u, s * B * u);
      const cp = s === 0 ? zero : cells.subarray((s - 1) * B * u, s * B * u);
      right.multiply(hp, B, rec);
      for (let b = 0; b < B; b++) {
        const out = (s * B + b) * u;
        if (!active(mask, b, t, T)) {
          states.set(hp.subarray(b * u, (b + 1) * u), out);
          cells.set(cp.subarray(b * u, (b + 1) * u), out);
          // (cellTanh stays 0: the backward pass skips masked steps.)
          continue;
        }
        const zRow = (b * T + t) * G;
        const rRow = b * G;
        const gRow = (s * B + b) * G;
        for (let j = 0; j < u; j++) {
          const yi = hardSigmoidArgument(f32(z[zRow + j]! + rec[rRow + j]!));
          const yf = hardSigmoidArgument(f32(z[zRow + u + j]! + rec[rRow + u + j]!));
          const g = f32(Math.tanh(f32(z[zRow + 2 * u + j]! + rec[rRow + 2 * u + j]!)));
          const yo = hardSigmoidArgument(f32(z[zRow + 3 * u + j]! + rec[rRow + 3 * u + j]!));
          gates[gRow + j] = yi;
          gates[gRow + u + j] = yf;
          gates[gRow + 2 * u + j] = g;
          gates[gRow + 3 * u + j] = yo;
          const c = f32(f32(clampUnit(yf) * cp[b * u + j]!) + f32(clampUnit(yi) * g));
          const tc = f32(Math.tanh(c));
          cells[out + j] = c;
          cellTanh[out + j] = tc;
          states[out + j] = clampUnit(yo) * tc;
        }
      }
    }
  } finally {
    right.dispose();
  }
  return { output: sequenceOutput(states, shape, options.returnSequences), tape: { gates, cells, cellTanh, states } };
}

/** Gradients of the inputs z [B, T, 4u] and of the recurrent kernel U [u, 4u], given dy (the output's shape). */
export function lstmBackward(
  dy: Float32Array, kernel: Float32Array, mask: Float32Array | null, tape: LstmTape, shape: SequenceShape, options: SequenceOptions, mm: MatMul,
): { dz: Float32Array; dKernel: Float32Array } {
  const { batch: B, steps: T, units: u } = shape;
  const G = 4 * u;
  const { gates, cells, cellTanh, states } = tape;
  const dzSteps = new Float32Array(T * B * G);
  const dh = new Float32Array(B * u);
  const dc = new Float32Array(B * u);
  const dhp = new Float32Array(B * u);
  // dh_{t−1} = dA_t · Uᵀ, with Uᵀ [4u, u] held for all steps.
  const right = mm.withRight(transposedColumns(kernel, u, G, 0, G), G, u);
  try {
    for (let s = T - 1; s >= 0; s--) {
      addOutputGradient(dh, dy, s, shape, options.returnSequences);
      const t = timeOf(s, T, options.goBackwards);
      const cpStart = (s - 1) * B * u;
      for (let b = 0; b < B; b++) {
        // A masked step passed h and c through unchanged: so do their gradients (dA stays 0).
        if (!active(mask, b, t, T)) continue;
        const gRow = (s * B + b) * G;
        const cRow = (s * B + b) * u;
        for (let j = 0; j < u; j++) {
          const yi = gates[gRow + j]!;
          const yf = gates[gRow + u + j]!;
          const g = gates[gRow + 2 * u + j]!;
          const yo = gates[gRow + 3 * u + j]!;
          const tc = cellTanh[cRow + j]!;
          const cPrev = s === 0 ? 0 : cells[cpStart + b * u + j]!;
          const dhv = dh[b * u + j]!;
          const dcTotal = dc[b * u + j]! + dhv * clampUnit(yo) * (1 - tc * tc);
          dzSteps[gRow + j] = dcTotal * g * hardSigmoidSlope(yi);
          dzSteps[gRow + u + j] = dcTotal * cPrev * hardSigmoidSlope(yf);
          dzSteps[gRow + 2 * u + j] = dcTotal * clampUnit(yi) * (1 - g * g);
          dzSteps[gRow + 3 * u + j] = dhv * tc * hardSigmoidSlope(yo);
          dc[b * u + j] = dcTotal * clampUnit(yf);
        }
      }
      right.multiply(dzSteps.subarray(s * B * G, (s + 1) * B * G), B, dhp);
      for (let b = 0; b < B; b++) {
        if (active(mask, b, t, T)) dh.set(dhp.subarray(b * u, (b + 1) * u), b * u);
      }
    }
  } finally {
    right.dispose();
  }
  // dU = Σ_s h_{s−1}ᵀ · dA_s: the states shifted by one step (zeros first), transposed, times all dA.
  const previous = new Float32Array(T * B * u);
  previous.set(states.subarray(0, (T - 1) * B * u), B * u);
  const dKernel = mm.multiply(transposedColumns(previous, T * B, u, 0, u), dzSteps, u, T * B, G);
  return { dz: toBatchMajor(dzSteps, shape, G, options.goBackwards), dKernel };
}
