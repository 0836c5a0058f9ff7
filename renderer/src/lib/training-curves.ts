/**
 * A run's per-epoch metrics as they arrive, and the curves drawn from them: training and validation
 * loss or accuracy, for one run or several overlaid. Plain data, so chart.js only draws what these build.
 */
import type { EpochRecord } from '../../../shared/api/training.js';

export type CurveMetric = 'loss' | 'accuracy';

export interface CurvePoint {
  x: number;
  y: number;
}

export interface CurveSeries {
  runId: number;
  label: string;
  /** Training or validation: validation is drawn dashed. */
  split: 'training' | 'validation';
  color: string;
  points: CurvePoint[];
}

export interface CurveRun {
  id: number;
  name: string;
  epochs: readonly EpochRecord[];
}

/**
 * Run colours, picked to stay apart from each other on the dark background and in the common forms
 * of colour blindness (Okabe–Ito, lightened).
 */
export const RUN_COLORS = ['#6cb4ee', '#e69f00', '#5cc08a', '#cc79a7', '#f0e442', '#d55e00', '#56b4e9', '#b3b3b3'] as const;
/** A lone run: training in the accent colour, validation in orange. */
const SINGLE_COLORS = { training: '#6cb4ee', validation: '#e69f00' } as const;

/**
 * A live epoch added to a run's list. A resumed run forgets the epochs after its checkpoint and
 * trains them again, so an epoch replaces its namesake and drops every later one.
 */
export function mergeEpoch(epochs: readonly EpochRecord[], epoch: EpochRecord): EpochRecord[] {
  return [...epochs.filter((e) => e.epoch < epoch.epoch), epoch];
}

/**
 * A run's epochs as read from the library, with the live ones that arrived while the read was in
 * flight (those past its last epoch) kept.
 */
export function mergeEpochs(fetched: readonly EpochRecord[], live: readonly EpochRecord[]): EpochRecord[] {
  const last = fetched.at(-1)?.epoch ?? 0;
  return [...fetched, ...live.filter((e) => e.epoch > last)];
}

/** The epoch with the lowest validation loss (the one "restore best" puts back), or null before any. */
export function bestEpochOf(epochs: readonly EpochRecord[]): EpochRecord | null {
  let best: EpochRecord | null = null;
  for (const epoch of epochs) {
    if (epoch.valLoss === null || !Number.isFinite(epoch.valLoss)) continue;
    if (best === null || epoch.valLoss < best.valLoss!) best = epoch;
  }
  return best;
}

/** Finite values only: a NaN loss (a diverged batch) would break the line rather than show as a point. */
function pointsOf(epochs: readonly EpochRecord[], value: (e: EpochRecord) => number | null): CurvePoint[] {
  return epochs.flatMap((e) => {
    const y = value(e);
    return y !== null && Number.isFinite(y) ? [{ x: e.epoch, y }] : [];
  });
}

/**
 * Two series per run, training then validation. One run is labelled by split alone; several are
 * labelled by run name and coloured by run (the split shown by the dash), in the order given.
 */
export function curveSeries(runs: readonly CurveRun[], metric: CurveMetric): CurveSeries[] {
  const single = runs.length === 1;
  return runs.flatMap((run, index) => {
    const color = RUN_COLORS[index % RUN_COLORS.length]!;
    const train = pointsOf(run.epochs, (e) => (metric === 'loss' ? e.loss : e.accuracy));
    const validation = pointsOf(run.epochs, (e) => (metric === 'loss' ? e.valLoss : e.valAccuracy));
    return [
      { runId: run.id, split: 'training' as const, label: single ? 'Training' : `${run.name} · training`, color: single ? SINGLE_COLORS.training : color, points: train },
      { runId: run.id, split: 'validation' as const, label: single ? 'Validation' : `${run.name} · validation`, color: single ? SINGLE_COLORS.validation : color, points: validation },
    ];
  });
}

/** Points drawn over all series (what the test watches grow). */
export function countPoints(series: readonly CurveSeries[]): number {
  return series.reduce((sum, s) => sum + s.points.length, 0);
}

/**
 * The x-axis's end. A live run's curve grows into a frame that reaches ahead of it (twice the epochs
 * drawn, at least 10, never past its planned epochs), so 400 planned epochs do not squash the first
 * few into the left edge; a run that ended shows just the epochs it has.
 */
export function epochAxisMax(livePlannedEpochs: readonly number[], series: readonly CurveSeries[]): number {
  const drawn = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const ahead = livePlannedEpochs.map((planned) => Math.min(planned, Math.max(10, 2 * drawn)));
  return Math.max(1, drawn, ...ahead);
}

/**
 * The epoch axis: from 0 to a round end, with a round step (at most ten of them), so its labels read
 * 0, 20, 40 … 200 rather than 1, 21, 41 … 181 and an odd last one.
 */
export function epochAxis(lastEpoch: number): { min: number; max: number; stepSize: number } {
  const end = Math.max(1, Math.ceil(lastEpoch));
  let scale = 1;
  let stepSize: number | undefined;
  while ((stepSize = [1, 2, 5].map((m) => m * scale).find((candidate) => end / candidate <= 10)) === undefined) scale *= 10;
  return { min: 0, max: Math.ceil(end / stepSize) * stepSize, stepSize };
}
