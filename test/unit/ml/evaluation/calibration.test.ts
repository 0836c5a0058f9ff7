/** Temperature scaling and the expected calibration error, against cases worked by hand. */
import { describe, expect, it } from 'vitest';
import { applyTemperature, calibrateRun, fitTemperature, reliability, T_MAX, T_MIN } from '../../../../main/ml/evaluation/calibration.js';

/** softmax of a row of logits, in float64. */
const softmax = (z: number[]) => {
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('fitTemperature', () => {
  it('finds T = 1 / ln(k / (n − k)) for n plays of logits [0, 1] of which k are class 1', () => {
    // NLL(β) = −k ln σ(β) − (n − k) ln(1 − σ(β)) is least where σ(β) = k / n: β = ln(k / (n − k)), T = 1/β.
    for (const [k, n] of [[3, 4], [9, 10], [6, 10]] as const) {
      const probs = Float32Array.from(Array.from({ length: n }, () => softmax([0, 1])).flat());
      const labels = Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
      expect(fitTemperature(probs, labels, 2)).toBeCloseTo(1 / Math.log(k / (n - k)), 4);
    }
  });

  it('leaves a calibrated model alone: logits [0, ln 3] with 3 of 4 right give T = 1', () => {
    const probs = Float32Array.from([0, 1, 2, 3].flatMap(() => softmax([0, Math.log(3)])));
    expect(fitTemperature(probs, [1, 1, 1, 0], 2)).toBeCloseTo(1, 4);
  });

  it('solves a three-class case whose NLL is minimised by brute force here', () => {
    const logits = [[2, 0, -1], [0.5, 1.5, 0], [0, 0, 3], [1, 2, 0.5], [3, -1, 0]];
    const labels = [0, 0, 2, 1, 1];
    const probs = Float32Array.from(logits.flatMap(softmax));
    const nll = (t: number) => logits.reduce((sum, z, i) => sum - Math.log(softmax(z.map((v) => v / t))[labels[i]!]!), 0);
    let best = 1;
    for (let t = 0.05; t <= 20; t += 0.0005) if (nll(t) < nll(best)) best = t;
    expect(fitTemperature(probs, labels, 3)).toBeCloseTo(best, 2);
  });

  it('stops at its bounds when every play is right (sharpen without end) or the model is always wrong the same way', () => {
    const right = Float32Array.from([0, 1, 2].flatMap(() => softmax([0, 1])));
    expect(fitTemperature(right, [1, 1, 1], 2)).toBe(T_MIN);
    expect(fitTemperature(right, [0, 0, 0], 2)).toBeGreaterThan(1); // all wrong: softer
    const equal = Float32Array.from([0.5, 0.5, 0.5, 0.5]);
    expect(fitTemperature(equal, [0, 1], 2)).toBe(T_MAX); // flat everywhere: the slope is 0, the largest T is as good as any
  });

  it('refuses labels outside the classes and an empty set', () => {
    expect(() => fitTemperature(new Float32Array(0), [], 2)).toThrow(/at least one/);
    expect(() => fitTemperature(Float32Array.from([0.5, 0.5]), [2], 2)).toThrow(/labels\[0\]/);
  });
});

describe('applyTemperature', () => {
  it('is softmax(logits / T), keeps each row’s ranking and sums to 1', () => {
    const z = [1, 3, -2];
    const out = applyTemperature(Float32Array.from(softmax(z)), 3, 2);
    const want = softmax(z.map((v) => v / 2));
    out.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(applyTemperature(Float32Array.from(softmax(z)), 3, 1).every((v, i) => Math.abs(v - softmax(z)[i]!) < 1e-6)).toBe(true);
  });
});

describe('reliability', () => {
  it('bins top confidences in tenths and weighs each bin’s |accuracy − confidence| by its share: ECE 0.425 by hand', () => {
    // Top confidences 0.95 (right), 0.95 (wrong), 0.65 (right), 0.55 (right):
    // bin [0.9, 1]: conf 0.95, acc 0.5 → 2/4 · 0.45; bin [0.6, 0.7): 1/4 · 0.35; bin [0.5, 0.6): 1/4 · 0.45. Sum 0.425.
    const probs = Float32Array.from([0.05, 0.95, 0.95, 0.05, 0.35, 0.65, 0.55, 0.45]);
    const r = reliability(probs, [1, 1, 1, 0], 2);
    expect(r.ece).toBeCloseTo(0.425, 6);
    expect(r.plays).toBe(4);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[9]).toMatchObject({ lower: 0.9, upper: 1, count: 2, accuracy: 0.5 });
    expect(r.bins[9]!.confidence).toBeCloseTo(0.95, 6);
    expect(r.bins[6]).toMatchObject({ count: 1, accuracy: 1 });
    expect(r.bins[5]).toMatchObject({ count: 1, accuracy: 1 });
    expect(r.bins.filter((b) => b.count === 0)).toHaveLength(7);
  });

  it('puts a confidence of exactly 1 in the last bin, and a perfectly calibrated set has ECE 0', () => {
    const r = reliability(Float32Array.from([1, 0, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25]), [0, 0, 0, 0, 1], 2);
    expect(r.bins[9]!.count).toBe(1);
    expect(r.bins[7]).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(r.ece).toBeCloseTo(0, 6);
  });
});

describe('calibrateRun', () => {
  it('fits on the validation rows only and judges before and after on the held-out rows', () => {
    // Validation: 4 plays of logits [0, 1], 3 of class 1 → T = 1/ln 3. Held out: one play, far more confident.
    const probs = Float32Array.from([...[0, 1, 2, 3].flatMap(() => softmax([0, 1])), ...softmax([0, 4])]);
    const labels = [1, 1, 1, 0, 0];
    const c = calibrateRun({ probabilities: probs, classes: 2, labels, validationRows: [0, 1, 2, 3], heldOutRows: [4] })!;
    expect(c.temperature).toBeCloseTo(1 / Math.log(3), 4);
    expect(c.summary.validationPlays).toBe(4);
    // The held-out play is wrong: ECE is its top confidence, before and after.
    expect(c.summary.before.ece).toBeCloseTo(softmax([0, 4])[1]!, 5);
    expect(c.summary.after.ece).toBeCloseTo(softmax([0, 4 * Math.log(3)])[1]!, 4);
    // Moving a held-out label changes nothing about the temperature.
    expect(calibrateRun({ probabilities: probs, classes: 2, labels: [1, 1, 1, 0, 1], validationRows: [0, 1, 2, 3], heldOutRows: [4] })!.temperature).toBe(c.temperature);
    expect(calibrateRun({ probabilities: probs, classes: 2, labels, validationRows: [], heldOutRows: [4] })).toBeNull();
  });
});
