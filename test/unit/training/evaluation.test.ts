import { describe, expect, it } from 'vitest';
import { evaluateProbabilities, predictionOf } from '../../../main/training/evaluation.js';
import { applyScaling, decodeScaling, encodeScaling, fitScaling } from '../../../main/training/feature-scaling.js';

describe('evaluateProbabilities', () => {
  it('matches a confusion matrix and metrics worked by hand', () => {
    // 3 classes, 5 plays. Argmax: A, B, A, C, B. Truth: A, A, B, C, B.
    const probs = Float32Array.from([
      0.7, 0.2, 0.1,
      0.3, 0.6, 0.1, // true A, second choice A → top-2 hit
      0.5, 0.4, 0.1, // true B, second choice B → top-2 hit
      0.1, 0.1, 0.8,
      0.2, 0.7, 0.1,
    ]);
    const e = evaluateProbabilities(probs, [0, 0, 1, 2, 1], ['A', 'B', 'C'], 2);
    expect(e.confusion).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(e.accuracy).toBeCloseTo(3 / 5, 12);
    // A: P = 1/2, R = 1/2, F1 = 1/2. B: the same. C: 1, 1, 1. Macro-F1 = (0.5 + 0.5 + 1) / 3.
    expect(e.perClass.map((c) => [c.playType, c.precision, c.recall, c.f1, c.support])).toEqual([
      ['A', 0.5, 0.5, 0.5, 2],
      ['B', 0.5, 0.5, 0.5, 2],
      ['C', 1, 1, 1, 1],
    ]);
    expect(e.macroF1).toBeCloseTo(2 / 3, 12);
    expect(e.top2Accuracy).toBe(1);
    expect(e).toMatchObject({ plays: 5, games: 2, classes: ['A', 'B', 'C'] });
  });

  it('gives the stored prediction of a row: its best class, that probability, every class named', () => {
    const p = predictionOf(Float32Array.from([0.1, 0.2, 0.3, 0.25, 0.15, 0.6]), 1, ['A', 'B', 'C']);
    expect(p.playType).toBe('C');
    expect(p.confidence).toBeCloseTo(0.6, 6);
    expect(p.probabilities).toEqual({ A: 0.25, B: 0.15, C: 0.6 });
  });
});

describe('feature scaling', () => {
  it('standardises each dimension with the mean and population deviation worked by hand', () => {
    // dim 2, frames (1, 10), (3, 10), (5, 10): d0 mean 3, std sqrt(8/3); d1 constant → 0.
    const x = Float32Array.from([1, 10, 3, 10, 5, 10]);
    const scaling = fitScaling(x, 2);
    expect(scaling.mean[0]).toBeCloseTo(3, 6);
    expect(scaling.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(scaling.std[1]).toBe(0);
    const scaled = applyScaling(x, scaling);
    const s = Math.sqrt(8 / 3);
    [-2 / s, 0, 0, 0, 2 / s, 0].forEach((v, i) => expect(scaled[i]).toBeCloseTo(v, 6));
    const decoded = decodeScaling(encodeScaling(scaling), 2);
    expect(Array.from(decoded.mean)).toEqual(Array.from(scaling.mean));
    expect(Array.from(decoded.std)).toEqual(Array.from(scaling.std));
    expect(() => decodeScaling(encodeScaling(scaling), 3)).toThrow(/expected 24 for 3 dimensions/);
  });
});
