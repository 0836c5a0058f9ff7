/** A run's held-out evaluation, from its model's class probabilities on the held-out plays. */
import type { Evaluation, Prediction } from '../../shared/api/training.js';
import { classificationReport, confusionMatrix, topKAccuracy } from '../ml/evaluation/metrics.js';

/** Index of the largest value of row `i` (the lower class wins a tie). */
export function argmaxRow(probs: Float32Array, i: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probs[i * classes + c]! > probs[i * classes + best]!) best = c;
  return best;
}

/**
 * @param probs [labels.length × classIds.length] class probabilities, row-major
 * @param labels each play's true class index
 * @param games how many games the plays come from
 */
export function evaluateProbabilities(probs: Float32Array, labels: readonly number[], classIds: readonly string[], games: number): Evaluation {
  const classes = classIds.length;
  const predicted = labels.map((_, i) => argmaxRow(probs, i, classes));
  const confusion = confusionMatrix(labels, predicted, classes);
  const report = classificationReport(confusion);
  return {
    classes: [...classIds],
    confusion,
    perClass: report.perClass.map((m, c) => ({ playType: classIds[c]!, ...m })),
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    top2Accuracy: topKAccuracy(probs, labels, Math.min(2, classes)),
    plays: labels.length,
    games,
  };
}

/** Row `i` of the probabilities as a stored prediction. */
export function predictionOf(probs: Float32Array, i: number, classIds: readonly string[]): Prediction {
  const classes = classIds.length;
  const best = argmaxRow(probs, i, classes);
  const probabilities: Record<string, number> = {};
  // Rounded to 6 decimals: the stored JSON stays small and no reader needs more.
  classIds.forEach((id, c) => (probabilities[id] = Math.round(probs[i * classes + c]! * 1e6) / 1e6));
  return { playType: classIds[best]!, confidence: Math.min(1, Math.max(0, probs[i * classes + best]!)), probabilities };
}
