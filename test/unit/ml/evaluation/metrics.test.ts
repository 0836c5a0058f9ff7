import { describe, expect, it } from 'vitest';
import { classificationReport, confusionMatrix, topKAccuracy } from '../../../../main/ml/evaluation/metrics.js';
import { createRng } from '../../../../main/system/prng.js';

// Hand-worked example: 3 classes, 10 samples, class 2 never predicted.
//   true: 0 0 0 0 1 1 1 2 2 2
//   pred: 0 0 0 1 1 1 0 0 1 0
// Rows = true, columns = predicted:
//   true 0 -> pred 0,0,0,1 -> [3, 1, 0]        row sums (support): 4, 3, 3
//   true 1 -> pred 1,1,0   -> [1, 2, 0]        column sums (predicted): 6, 4, 0
//   true 2 -> pred 0,1,0   -> [2, 1, 0]
// class 0: P = 3/6 = 0.5, R = 3/4 = 0.75, F1 = 2·0.5·0.75 / 1.25 = 0.6
// class 1: P = 2/4 = 0.5, R = 2/3,        F1 = 2·0.5·(2/3) / (0.5 + 2/3) = (2/3)/(7/6) = 4/7
// class 2: never predicted -> P = 0 (convention), R = 0/3 = 0, F1 = 0
// accuracy = (3 + 2 + 0) / 10 = 0.5;  macro-F1 = (0.6 + 4/7 + 0) / 3 = (21/35 + 20/35) / 3 = 41/105
const TRUE = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const PRED = [0, 0, 0, 1, 1, 1, 0, 0, 1, 0];

describe('confusionMatrix and classificationReport', () => {
  it('match the hand-worked 3-class example', () => {
    const m = confusionMatrix(TRUE, PRED, 3);
    expect(m).toEqual([
      [3, 1, 0],
      [1, 2, 0],
      [2, 1, 0],
    ]);
    const r = classificationReport(m);
    expect(r.accuracy).toBeCloseTo(0.5, 12);
    expect(r.macroF1).toBeCloseTo(41 / 105, 12);
    const expected = [
      { precision: 0.5, recall: 0.75, f1: 0.6, support: 4 },
      { precision: 0.5, recall: 2 / 3, f1: 4 / 7, support: 3 },
      { precision: 0, recall: 0, f1: 0, support: 3 },
    ];
    r.perClass.forEach((c, k) => {
      expect(c.support).toBe(expected[k]!.support);
      expect(c.precision).toBeCloseTo(expected[k]!.precision, 12);
      expect(c.recall).toBeCloseTo(expected[k]!.recall, 12);
      expect(c.f1).toBeCloseTo(expected[k]!.f1, 12);
    });
  });

  it('leaves a class absent from both truth and predictions out of macro-F1', () => {
    // Same data with a 4th class nobody uses: it is not in y_true ∪ y_pred, so macro-F1 stays 41/105
    // (averaging it in would give (0.6 + 4/7) / 4 = 41/140).
    const r = classificationReport(confusionMatrix(TRUE, PRED, 4));
    expect(r.macroF1).toBeCloseTo(41 / 105, 12);
    expect(r.perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('counts a predicted class with no support in macro-F1, with F1 0', () => {
    // true: 0 0 1 1; pred: 0 2 1 1. Class 2 has support 0 but one prediction.
    // class 0: P 1/1, R 1/2, F1 = 2·1·0.5/1.5 = 2/3; class 1: P 2/2, R 2/2, F1 1;
    // class 2: P 0/1 = 0, R 0 (no support), F1 0. macro = (2/3 + 1 + 0)/3 = 5/9; accuracy 3/4.
    const r = classificationReport(confusionMatrix([0, 0, 1, 1], [0, 2, 1, 1], 3));
    expect(r.macroF1).toBeCloseTo(5 / 9, 12);
    expect(r.accuracy).toBeCloseTo(0.75, 12);
    expect(r.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('agrees with a naive per-sample computation on a random 11-class case', () => {
    const rng = createRng(2024);
    const classes = 11;
    const y = Array.from({ length: 500 }, () => rng.int(0, classes - 2)); // class 10 never true
    const p = y.map((t) => (rng.chance(0.6) ? t : rng.int(0, classes - 3))); // class 9 only when true
    const r = classificationReport(confusionMatrix(y, p, classes));
    let f1Sum = 0;
    let present = 0;
    for (let k = 0; k < classes; k++) {
      let tp = 0, fp = 0, fn = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] === k && p[i] === k) tp++;
        else if (p[i] === k) fp++;
        else if (y[i] === k) fn++;
      }
      const precision = tp + fp ? tp / (tp + fp) : 0;
      const recall = tp + fn ? tp / (tp + fn) : 0;
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0; // the count form of F1, not 2PR/(P+R)
      if (tp + fp + fn) { f1Sum += f1; present++; }
      expect(r.perClass[k]!.precision).toBeCloseTo(precision, 12);
      expect(r.perClass[k]!.recall).toBeCloseTo(recall, 12);
      expect(r.perClass[k]!.f1).toBeCloseTo(f1, 12);
      expect(r.perClass[k]!.support).toBe(tp + fn);
    }
    expect(present).toBe(10);
    expect(r.macroF1).toBeCloseTo(f1Sum / present, 12);
    expect(r.accuracy).toBeCloseTo(y.filter((t, i) => t === p[i]).length / y.length, 12);
  });

  it('rejects bad inputs, naming the bad value', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/same length, got 2 and 1/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/trueLabels\[1\].*got 3/);
    expect(() => confusionMatrix([0, 1], [0, 1.5], 3)).toThrow(/predicted\[1\].*got 1.5/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/classes must be a positive integer, got 0/);
    expect(() => classificationReport([[1, 0], [0]])).toThrow(/row 1 has 1 columns/);
    expect(() => classificationReport([[1, -1], [0, 1]])).toThrow(/matrix\[0\]\[1\].*got -1/);
    expect(() => classificationReport([[0, 0], [0, 0]])).toThrow(/no samples/);
  });
});

// Top-k by hand (3 classes):
//   s0 [0.5, 0.3, 0.2] true 1: rank 2     -> top-1 miss, top-2 hit
//   s1 [0.1, 0.6, 0.3] true 1: rank 1     -> hit, hit
//   s2 [0.2, 0.3, 0.5] true 0: rank 3     -> miss, miss
//   s3 [0.4, 0.4, 0.2] true 1: tie with class 0, lower index first -> rank 2 -> miss, hit
// top-1 = 1/4, top-2 = 3/4, top-3 = 4/4.
const ROWS = [
  [0.5, 0.3, 0.2],
  [0.1, 0.6, 0.3],
  [0.2, 0.3, 0.5],
  [0.4, 0.4, 0.2],
];
const LABELS = [1, 1, 0, 1];

describe('topKAccuracy', () => {
  it('matches the hand-worked top-1, top-2 and top-3 values for rows and a flat Float32Array', () => {
    const flat = Float32Array.from(ROWS.flat());
    for (const probs of [ROWS, flat]) {
      expect(topKAccuracy(probs, LABELS, 1)).toBeCloseTo(0.25, 12);
      expect(topKAccuracy(probs, LABELS, 2)).toBeCloseTo(0.75, 12);
      expect(topKAccuracy(probs, LABELS, 3)).toBe(1);
    }
  });

  it('breaks ties towards the lower class index', () => {
    expect(topKAccuracy([[0.5, 0.5]], [0], 1)).toBe(1);
    expect(topKAccuracy([[0.5, 0.5]], [1], 1)).toBe(0);
  });

  it('agrees with a naive sort on a random case', () => {
    const rng = createRng(7);
    const rows = Array.from({ length: 200 }, () => Array.from({ length: 11 }, () => Math.round(rng.next() * 8) / 8));
    const labels = rows.map(() => rng.int(0, 10));
    for (const k of [1, 2, 5]) {
      const hits = rows.filter((row, i) => {
        const order = row.map((_, c) => c).sort((a, b) => row[b]! - row[a]! || a - b);
        return order.slice(0, k).includes(labels[i]!);
      }).length;
      expect(topKAccuracy(rows, labels, k)).toBeCloseTo(hits / rows.length, 12);
    }
  });

  it('rejects bad inputs, naming the bad value', () => {
    expect(() => topKAccuracy(ROWS, LABELS, 4)).toThrow(/k must be an integer in \[1, 3\], got 4/);
    expect(() => topKAccuracy(ROWS, LABELS, 0)).toThrow(/got 0/);
    expect(() => topKAccuracy(ROWS, [1, 1, 0], 1)).toThrow(/4 rows for 3 labels/);
    expect(() => topKAccuracy(new Float32Array(7), [0, 1], 1)).toThrow(/7 values/);
    expect(() => topKAccuracy(ROWS, [1, 1, 3, 1], 1)).toThrow(/trueLabels\[2\].*got 3/);
    expect(() => topKAccuracy([[0.5, 0.1], [0.2]], [0, 0], 1)).toThrow(/probabilities\[1\] has 1 columns/);
    expect(() => topKAccuracy([[NaN, 0.1]], [1], 1)).toThrow(/NaN/);
    expect(() => topKAccuracy([], [], 1)).toThrow(/at least one sample/);
  });
});
