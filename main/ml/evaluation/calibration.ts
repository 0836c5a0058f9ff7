/**
 * Confidence an analyst can trust: temperature scaling (Guo et al., 2017) and the reliability of
 * top-class confidences.
 *
 * A model's probabilities p become softmax(log p / T): one number T, fitted on the run's validation
 * games by minimising their negative log-likelihood, that softens (T > 1) or sharpens (T < 1) every
 * prediction alike, so the ranking of classes (and accuracy) never changes. log p equals the logits up
 * to a per-row constant, which softmax ignores, so this is the usual softmax(logits / T).
 *
 * Fitting: with β = 1/T and z = log p, NLL(β) = mean_i [logsumexp(β z_i) − β z_i,y_i] is convex in β;
 * its derivative mean_i [E_softmax(β z_i)[z_i] − z_i,y_i] is non-decreasing, so its root is found by
 * bisection on log β within [1/T_MAX, 1/T_MIN] (a bound is returned when the root lies beyond it).
 *
 * Reliability: top confidences fall in BINS equal-width bins ([k/10, (k+1)/10), the last one closed);
 * ECE = Σ_bins (count / n) · |accuracy − mean confidence|.
 */

export const T_MIN = 0.01;
export const T_MAX = 100;
export const BINS = 10;
/** Probabilities are floored here before their log, so a 0 does not become −∞. */
const FLOOR = 1e-12;

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

export interface Reliability {
  plays: number;
  ece: number;
  bins: ReliabilityBin[];
}

/** Log-probabilities [n × classes], floored. */
function logsOf(probs: Float32Array | Float64Array): Float64Array {
  return Float64Array.from(probs, (p) => Math.log(Math.max(FLOOR, p)));
}

/** d NLL / d β at β for log-probabilities z [n × classes] and labels. */
function slope(z: Float64Array, labels: readonly number[], classes: number, beta: number): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, beta * z[i * classes + c]!);
    let norm = 0;
    let expected = 0;
    for (let c = 0; c < classes; c++) {
      const w = Math.exp(beta * z[i * classes + c]! - max);
      norm += w;
      expected += w * z[i * classes + c]!;
    }
    sum += expected / norm - z[i * classes + labels[i]!]!;
  }
  return sum / labels.length;
}

/**
 * The temperature minimising the NLL of `labels` under softmax(log probs / T), within [T_MIN, T_MAX].
 * @param probs [labels.length × classes] probabilities, row-major
 */
export function fitTemperature(probs: Float32Array | Float64Array, labels: readonly number[], classes: number): number {
  if (labels.length === 0) throw new RangeError('fitting a temperature needs at least one labelled play');
  if (probs.length !== labels.length * classes) throw new RangeError(`probs must hold ${labels.length} × ${classes} values, got ${probs.length}`);
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new RangeError(`labels[${i}] must be a class in [0, ${classes - 1}], got ${label}`);
  });
  const z = logsOf(probs);
  let lo = Math.log(1 / T_MAX);
  let hi = Math.log(1 / T_MIN);
  if (slope(z, labels, classes, Math.exp(lo)) >= 0) return T_MAX;
  if (slope(z, labels, classes, Math.exp(hi)) <= 0) return T_MIN;
  for (let step = 0; step < 100 && hi - lo > 1e-12; step++) {
    const mid = (lo + hi) / 2;
    if (slope(z, labels, classes, Math.exp(mid)) < 0) lo = mid;
    else hi = mid;
  }
  return 1 / Math.exp((lo + hi) / 2);
}

/** softmax(log probs / T), row by row: the calibrated probabilities. */
export function applyTemperature(probs: Float32Array, classes: number, temperature: number): Float32Array {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const out = new Float32Array(probs.length);
  for (let start = 0; start < probs.length; start += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.log(Math.max(FLOOR, probs[start + c]!)) / temperature);
    let norm = 0;
    for (let c = 0; c < classes; c++) norm += Math.exp(Math.log(Math.max(FLOOR, probs[start + c]!)) / temperature - max);
    for (let c = 0; c < classes; c++) out[start + c] = Math.exp(Math.log(Math.max(FLOOR, probs[start + c]!)) / temperature - max) / norm;
  }
  return out;
}

/** The reliability diagram and expected calibration error of top-class confidences. */
export function reliability(probs: Float32Array, labels: readonly number[], classes: number, bins = BINS): Reliability {
  const counts = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  labels.forEach((label, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c]! > probs[i * classes + best]!) best = c;
    const p = probs[i * classes + best]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    counts[bin]! += 1;
    confidence[bin]! += p;
    if (best === label) correct[bin]! += 1;
  });
  const n = labels.length;
  let ece = 0;
  const out = counts.map((count, b) => {
    const meanConfidence = count ? confidence[b]! / count : 0;
    const accuracy = count ? correct[b]! / count : 0;
    ece += n ? (count / n) * Math.abs(accuracy - meanConfidence) : 0;
    return { lower: b / bins, upper: (b + 1) / bins, count, confidence: meanConfidence, accuracy };
  });
  return { plays: n, ece, bins: out };
}

export interface RunCalibration {
  temperature: number;
  apply(probs: Float32Array): Float32Array;
  summary: { temperature: number; validationPlays: number; before: Reliability; after: Reliability };
}

/**
 * A run's calibration: the temperature fitted on its validation rows, judged on its held-out rows.
 * Null when the run has no validation plays (a single training game): it is then left uncalibrated.
 * @param probabilities [rows × classes] for every row `labels` names
 */
export function calibrateRun(input: {
  probabilities: Float32Array; classes: number; labels: readonly number[]; validationRows: readonly number[]; heldOutRows: readonly number[];
}): RunCalibration | null {
  const { probabilities, classes, labels } = input;
  if (input.validationRows.length === 0) return null;
  const pick = (rows: readonly number[]) => {
    const out = new Float32Array(rows.length * classes);
    rows.forEach((row, i) => out.set(probabilities.subarray(row * classes, (row + 1) * classes), i * classes));
    return out;
  };
  const temperature = fitTemperature(pick(input.validationRows), input.validationRows.map((r) => labels[r]!), classes);
  const heldOut = pick(input.heldOutRows);
  const heldOutLabels = input.heldOutRows.map((r) => labels[r]!);
  return {
    temperature,
    apply: (probs) => applyTemperature(probs, classes, temperature),
    summary: {
      temperature, validationPlays: input.validationRows.length,
      before: reliability(heldOut, heldOutLabels, classes), after: reliability(applyTemperature(heldOut, classes, temperature), heldOutLabels, classes),
    },
  };
}
