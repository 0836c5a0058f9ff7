/**
 * A whole GRU sequence, forward and backward through time, exactly as TensorFlow.js's GRU layer
 * computes it (Keras's gate order z, r, h; reset applied before the recurrent product, i.e.
 * reset_after = false; hard-sigmoid gates; masked steps carry the previous state), on plain arrays:
 *
 *   x_t·W + b = [x_z | x_r | x_h]          (given: one product for all steps, done by the caller)
 *   U = [U_zr | U_h]                       (u × 2u and u × u)
 *   [a_z | a_r] = [x_z | x_r] + h_{t−1}·U_zr;  z, r = hardSigmoid(a_z, a_r)
 *   hh = tanh(x_h + (r·h_{t−1})·U_h)
 *   h_t = z·h_{t−1} + (1 − z)·hh
 *
 * Two products per step forward (the second needs r) and two backward; dU is two products over
 * all steps at the end.
 */
import type { MatMul } from './matmul.js';
import {
  active, addOutputGradient, clampUnit, columns, hardSigmoidArgument, hardSigmoidSlope, sequenceOutput, timeOf, toBatchMajor, transposedColumns,
  type SequenceOptions, type SequenceShape,
} from './sequence.js';

const f32 = Math.fround;

export interface GruTape {
  /** Per step and clip: the hard sigmoids' arguments of z and r, then hh (step-major [T, B, 3u]). */
  readonly gates: Float32Array;
  readonly states: Float32Array;
}

/** z: [B, T, 3u]; kernel: U [u, 3u]; mask: [B, T] or null. */
export function gruForward(
  z: Float32Array, kernel: Float32Array, mask: Float32Array | null, shape: SequenceShape, options: SequenceOptions, mm: MatMul,
): { output: Float32Array; tape: GruTape } {
  const { batch: B, steps: T, units: u } = shape;
  const G = 3 * u;
  const gates = new Float32Array(T * B * G);
  const states = new Float32Array(T * B * u);
  const zero = new Float32Array(B * u);
  const rec = new Float32Array(B * 2 * u);
  const resetState = new Float32Array(B * u);
  const recH = new Float32Array(B * u);
  const rightZR = mm.withRight(columns(kernel, u, G, 0, 2 * u), u, 2 * u);
  let rightH: ReturnType<MatMul['withRight']> | null = null;
  try {
    rightH = mm.withRight(columns(kernel, u, G, 2 * u, u), u, u);
    for (let s = 0; s < T; s++) {
      const t = timeOf(s, T, options.goBackwards);
      const hp = s === 0 ? zero : states.subarray((s - 1) * B * u, s * B * u);
      rightZR.multiply(hp, B, rec);
      for (let b = 0; b < B; b++) {
        if (!active(mask, b, t, T)) {
          resetState.fill(0, b * u, (b + 1) * u);
          continue;
        }
        const zRow = (b * T + t) * G;
        const rRow = b * 2 * u;
        const gRow = (s * B + b) * G;
        for (let j = 0; j < u; j++) {
          const yz = hardSigmoidArgument(f32(z[zRow + j]! + rec[rRow + j]!));
          const yr = hardSigmoidArgument(f32(z[zRow + u + j]! + rec[rRow + u + j]!));
          gates[gRow + j] = yz;
          gates[gRow + u + j] = yr;
          resetState[b * u + j] = clampUnit(yr) * hp[b * u + j]!;
        }
      }
      rightH.multiply(resetState, B, recH);
      for (let b = 0; b < B; b++) {
        const out = (s * B + b) * u;
        if (!active(mask, b, t, T)) {
          states.set(hp.subarray(b * u, (b + 1) * u), out);
          continue;
        }
        const zRow = (b * T + t) * G;
        const gRow = (s * B + b) * G;
        for (let j = 0; j < u; j++) {
          const hh = f32(Math.tanh(f32(z[zRow + 2 * u + j]! + recH[b * u + j]!)));
          gates[gRow + 2 * u + j] = hh;
          const zz = clampUnit(gates[gRow + j]!);
          states[out + j] = f32(zz * hp[b * u + j]!) + f32(f32(1 - zz) * hh);
        }
      }
    }
  } finally {
    rightZR.dispose();
    rightH?.dispose();
  }
  return { output: sequenceOutput(states, shape, options.returnSequences), tape: { gates, states } };
}

/** Gradients of z [B, T, 3u] and of U [u, 3u], given dy (the output's shape). */
export function gruBackward(
  dy: Float32Array, kernel: Float32Array, mask: Float32Array | null, tape: GruTape, shape: SequenceShape, options: SequenceOptions, mm: MatMul,
): { dz: Float32Array; dKernel: Float32Array } {
  const { batch: B, steps: T, units: u } = shape;
  const G = 3 * u;
  const { gates, states } = tape;
  const dzSteps = new Float32Array(T * B * G);
  const dh = new Float32Array(B * u);
  const carry = new Float32Array(B * u);
  const dA = new Float32Array(B * 2 * u); // [da_z | da_r] of one step, contiguous for the product
  const dAh = new Float32Array(B * u);
  const dResetState = new Float32Array(B * u);
  const fromZR = new Float32Array(B * u);
  const rightZR = mm.withRight(transposedColumns(kernel, u, G, 0, 2 * u), 2 * u, u); // U_zrᵀ
  let rightH: ReturnType<MatMul['withRight']> | null = null;
  try {
    rightH = mm.withRight(transposedColumns(kernel, u, G, 2 * u, u), u, u); // U_hᵀ
    for (let s = T - 1; s >= 0; s--) {
      addOutputGradient(dh, dy, s, shape, options.returnSequences);
      const t = timeOf(s, T, options.goBackwards);
      const hpStart = (s - 1) * B * u;
      for (let b = 0; b < B; b++) {
        if (!active(mask, b, t, T)) {
          dA.fill(0, b * 2 * u, (b + 1) * 2 * u);
          dAh.fill(0, b * u, (b + 1) * u);
          continue;
        }
        const gRow = (s * B + b) * G;
        for (let j = 0; j < u; j++) {
          const zz = clampUnit(gates[gRow + j]!);
          const hh = gates[gRow + 2 * u + j]!;
          const hp = s === 0 ? 0 : states[hpStart + b * u + j]!;
          const dhv = dh[b * u + j]!;
          dAh[b * u + j] = dhv * (1 - zz) * (1 - hh * hh);
          dA[b * 2 * u + j] = (dhv * hp - dhv * hh) * hardSigmoidSlope(gates[gRow + j]!);
          carry[b * u + j] = dhv * zz;
        }
      }
      rightH.multiply(dAh, B, dResetState); // d(r·h_{t−1}) = dA_h · U_hᵀ
      for (let b = 0; b < B; b++) {
        if (!active(mask, b, t, T)) continue;
        const gRow = (s * B + b) * G;
        for (let j = 0; j < u; j++) {
          const yr = gates[gRow + u + j]!;
          const hp = s === 0 ? 0 : states[hpStart + b * u + j]!;
          const drs = dResetState[b * u + j]!;
          dA[b * 2 * u + u + j] = drs * hp * hardSigmoidSlope(yr);
          carry[b * u + j]! += drs * clampUnit(yr);
        }
      }
      rightZR.multiply(dA, B, fromZR);
      for (let b = 0; b < B; b++) {
        if (!active(mask, b, t, T)) continue;
        const row = (s * B + b) * G;
        dzSteps.set(dA.subarray(b * 2 * u, (b + 1) * 2 * u), row);
        dzSteps.set(dAh.subarray(b * u, (b + 1) * u), row + 2 * u);
        for (let j = 0; j < u; j++) dh[b * u + j] = carry[b * u + j]! + fromZR[b * u + j]!;
      }
    }
  } finally {
    rightZR.dispose();
    rightH?.dispose();
  }
  // dU_zr = Σ_s h_{s−1}ᵀ · [dA_z | dA_r]_s and dU_h = Σ_s (r_s·h_{s−1})ᵀ · dA_h,s, one product each.
  const rows = T * B;
  const previous = new Float32Array(rows * u);
  previous.set(states.subarray(0, (T - 1) * B * u), B * u);
  const reset = new Float32Array(rows * u);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < u; j++) reset[r * u + j] = clampUnit(gates[r * G + u + j]!) * previous[r * u + j]!;
  }
  const dZR = mm.multiply(transposedColumns(previous, rows, u, 0, u), columns(dzSteps, rows, G, 0, 2 * u), u, rows, 2 * u);
  const dH = mm.multiply(transposedColumns(reset, rows, u, 0, u), columns(dzSteps, rows, G, 2 * u, u), u, rows, u);
  const dKernel = new Float32Array(u * G);
  for (let i = 0; i < u; i++) {
    dKernel.set(dZR.subarray(i * 2 * u, (i + 1) * 2 * u), i * G);
    dKernel.set(dH.subarray(i * u, (i + 1) * u), i * G + 2 * u);
  }
  return { dz: toBatchMajor(dzSteps, shape, G, options.goBackwards), dKernel };
}
