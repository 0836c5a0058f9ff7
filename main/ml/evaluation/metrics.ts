/**
 * Evaluation metrics for the play classifier: confusion matrix, per-class precision / recall / F1,
 * accuracy, macro-F1 and top-k accuracy. Pure functions over plain arrays, so a run's held-out
 * evaluation can be recomputed from the stored predictions.
 *
 * Zero-division conventions (scikit-learn's defaults, `zero_division=0` without the warning):
 *   - precision of a class that is never predicted (column sum 0) is 0;
 *   - recall of a class with no support (row sum 0) is 0;
 *   - F1 is 0 when precision + recall is 0.
 * Macro-F1 averages F1 over the classes present in y_true ∪ y_pred, as
 * `sklearn.metrics.f1_score(average='macro')` does without an explicit `labels=`: a class with no
 * support that is nevertheless predicted counts (its F1 is 0); a class absent from both the truth
 * and the predictions is left out, so an unused label does not drag the average down.
 */

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of held-out samples whose true class is this one (the row sum). */
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
}

function checkClassCount(classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`classes must be a positive integer, got ${classes}`);
  }
}

function checkLabels(name: string, labels: readonly number[], classes: number): void {
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`${name}[${i}] must be an integer in [0, ${classes - 1}], got ${label}`);
    }
  });
}

/** Counts with rows = true class and columns = predicted class. */
export function confusionMatrix(trueLabels: readonly number[], predicted: readonly number[], classes: number): number[][] {
  checkClassCount(classes);
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(`trueLabels and predicted must have the same length, got ${trueLabels.length} and ${predicted.length}`);
  }
  checkLabels('trueLabels', trueLabels, classes);
  checkLabels('predicted', predicted, classes);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  trueLabels.forEach((t, i) => {
    matrix[t]![predicted[i]!]! += 1;
  });
  return matrix;
}

/** Per-class and summary metrics from a confusion matrix (rows = true, columns = predicted). */
export function classificationReport(matrix: number[][]): ClassificationReport {
  const n = matrix.length;
  if (n < 1) throw new RangeError('the confusion matrix must have at least one class, got 0 rows');
  matrix.forEach((row, r) => {
    if (row.length !== n) throw new RangeError(`the confusion matrix must be square: row ${r} has ${row.length} columns, expected ${n}`);
    row.forEach((v, c) => {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`matrix[${r}][${c}] must be a non-negative integer count, got ${v}`);
    });
  });
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = matrix[0]!.map((_, c) => matrix.reduce((a, row) => a + row[c]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('the confusion matrix holds no samples: nothing to evaluate');

  let correct = 0;
  let f1Sum = 0;
  let present = 0;
  const perClass = matrix.map((row, k) => {
    const tp = row[k]!;
    correct += tp;
    const support = rowSums[k]!;
    const predictedCount = colSums[k]!;
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      present += 1;
    }
    return { precision, recall, f1, support };
  });
  // total > 0 guarantees at least one present class.
  return { accuracy: correct / total, macroF1: f1Sum / present, perClass };
}

/**
 * The share of samples whose true class is among the k highest-scoring classes.
 *
 * `probabilities` is either one row per sample or a row-major Float32Array of
 * trueLabels.length × classes. Ties are broken deterministically in favour of the LOWER class
 * index (a stable descending order): the true class t is in the top k iff
 * #{c : p[c] > p[t]} + #{c < t : p[c] = p[t]} < k. (scikit-learn's top_k_accuracy_score favours the
 * higher index instead, a side effect of reversing a stable argsort.)
 */
export function topKAccuracy(probabilities: Float32Array | number[][], trueLabels: readonly number[], k: number): number {
  const samples = trueLabels.length;
  if (samples === 0) throw new RangeError('topKAccuracy needs at least one sample, got 0 labels');
  let classes: number;
  let at: (i: number, c: number) => number;
  if (probabilities instanceof Float32Array) {
    classes = probabilities.length / samples;
    if (!Number.isInteger(classes) || classes < 1) {
      throw new RangeError(`probabilities has ${probabilities.length} values, not a multiple of ${samples} samples`);
    }
    const flat = probabilities;
    const width = classes;
    at = (i, c) => flat[i * width + c]!;
  } else {
    if (probabilities.length !== samples) {
      throw new RangeError(`probabilities must have one row per label: got ${probabilities.length} rows for ${samples} labels`);
    }
    classes = probabilities[0]!.length;
    if (classes < 1) throw new RangeError('probabilities rows must not be empty, got 0 columns');
    probabilities.forEach((row, i) => {
      if (row.length !== classes) throw new RangeError(`probabilities[${i}] has ${row.length} columns, expected ${classes}`);
    });
    const rows = probabilities;
    at = (i, c) => rows[i]![c]!;
  }
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    throw new RangeError(`k must be an integer in [1, ${classes}], got ${k}`);
  }
  checkLabels('trueLabels', trueLabels, classes);

  let hits = 0;
  for (let i = 0; i < samples; i++) {
    const t = trueLabels[i]!;
    const pt = at(i, t);
    let ahead = 0;
    for (let c = 0; c < classes; c++) {
      const p = at(i, c);
      if (Number.isNaN(p)) throw new RangeError(`probabilities for sample ${i}, class ${c} is NaN`);
      if (p > pt || (p === pt && c < t)) ahead += 1;
    }
    if (ahead < k) hits += 1;
  }
  return hits / samples;
}
