import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../shared/api/training.js';
import {
  bestEpochOf, countPoints, curveSeries, epochAxis, epochAxisMax, mergeEpoch, mergeEpochs, RUN_COLORS,
} from '../../../renderer/src/lib/training-curves.js';

function epoch(n: number, loss: number, valLoss: number | null = null, accuracy = 0.5, valAccuracy: number | null = null): EpochRecord {
  return { epoch: n, loss, accuracy, valLoss, valAccuracy, macroF1: null, durationS: 1 };
}

describe('mergeEpoch (a live epoch into a run’s list)', () => {
  it('appends the next epoch', () => {
    expect(mergeEpoch([epoch(1, 1), epoch(2, 0.9)], epoch(3, 0.8)).map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('replaces its namesake and drops later ones (a resumed run trains them again)', () => {
    const merged = mergeEpoch([epoch(1, 1), epoch(2, 0.9), epoch(3, 0.8)], epoch(2, 0.7));
    expect(merged.map((e) => [e.epoch, e.loss])).toEqual([[1, 1], [2, 0.7]]);
  });
});

describe('mergeEpochs (a read from the library with live epochs that arrived meanwhile)', () => {
  it('keeps the library’s epochs and the live ones past them', () => {
    const merged = mergeEpochs([epoch(1, 1), epoch(2, 0.9)], [epoch(2, 0.5), epoch(3, 0.8), epoch(4, 0.7)]);
    expect(merged.map((e) => [e.epoch, e.loss])).toEqual([[1, 1], [2, 0.9], [3, 0.8], [4, 0.7]]);
    expect(mergeEpochs([], [epoch(1, 1)]).map((e) => e.epoch)).toEqual([1]);
    expect(mergeEpochs([epoch(1, 1)], []).map((e) => e.epoch)).toEqual([1]);
  });
});

describe('bestEpochOf (what "restore best" would keep)', () => {
  it('is the first epoch with the lowest validation loss, skipping missing and NaN values', () => {
    const epochs = [epoch(1, 1, 0.9), epoch(2, 1, 0.5), epoch(3, 1, null), epoch(4, 1, Number.NaN), epoch(5, 1, 0.5), epoch(6, 1, 0.7)];
    expect(bestEpochOf(epochs)?.epoch).toBe(2);
  });

  it('is null before any validation loss', () => {
    expect(bestEpochOf([])).toBeNull();
    expect(bestEpochOf([epoch(1, 1, null)])).toBeNull();
  });
});

describe('curveSeries (the chart’s lines)', () => {
  const a = { id: 7, name: 'A', epochs: [epoch(1, 1.2, 1.4, 0.3, 0.25), epoch(2, Number.NaN, 1.1, 0.5, null), epoch(3, 0.8, 1.0, 0.6, 0.5)] };
  const b = { id: 9, name: 'B', epochs: [epoch(1, 2, 2.1)] };

  it('draws one run as training and validation, dropping non-finite and missing values', () => {
    const loss = curveSeries([a], 'loss');
    expect(loss.map((s) => [s.label, s.split, s.runId])).toEqual([['Training', 'training', 7], ['Validation', 'validation', 7]]);
    expect(loss[0]!.points).toEqual([{ x: 1, y: 1.2 }, { x: 3, y: 0.8 }]);
    expect(loss[1]!.points).toEqual([{ x: 1, y: 1.4 }, { x: 2, y: 1.1 }, { x: 3, y: 1.0 }]);
    expect(loss[0]!.color).not.toBe(loss[1]!.color);
    const accuracy = curveSeries([a], 'accuracy');
    expect(accuracy[1]!.points).toEqual([{ x: 1, y: 0.25 }, { x: 3, y: 0.5 }]);
  });

  it('labels and colours several runs by run, in the order given', () => {
    const series = curveSeries([a, b], 'loss');
    expect(series.map((s) => s.label)).toEqual(['A · training', 'A · validation', 'B · training', 'B · validation']);
    expect(series.map((s) => s.color)).toEqual([RUN_COLORS[0], RUN_COLORS[0], RUN_COLORS[1], RUN_COLORS[1]]);
    expect(countPoints(series)).toBe(2 + 3 + 1 + 1);
    expect(countPoints([])).toBe(0);
  });
});

describe('epochAxisMax (the x-axis’s end)', () => {
  const drawnTo = (n: number) => [{ runId: 1, label: '', split: 'training' as const, color: '', points: Array.from({ length: n }, (_, i) => ({ x: i + 1, y: 1 })) }];

  it('shows the epochs of runs that ended, and at least 1', () => {
    expect(epochAxisMax([], drawnTo(6))).toBe(6);
    expect(epochAxisMax([], [])).toBe(1);
  });

  it('reaches ahead of a live run: twice what is drawn, at least 10, never past its planned epochs', () => {
    expect(epochAxisMax([15], drawnTo(0))).toBe(10);
    expect(epochAxisMax([15], drawnTo(3))).toBe(10);
    expect(epochAxisMax([15], drawnTo(6))).toBe(12);
    expect(epochAxisMax([15], drawnTo(9))).toBe(15);
    expect(epochAxisMax([400], drawnTo(30))).toBe(60);
    expect(epochAxisMax([5], drawnTo(2))).toBe(5);
  });
});

describe('the epoch axis', () => {
  it('runs from 0 to a round end in round steps, at most ten', () => {
    expect(epochAxis(200)).toEqual({ min: 0, max: 200, stepSize: 20 });
    expect(epochAxis(53)).toEqual({ min: 0, max: 60, stepSize: 10 });
    expect(epochAxis(15)).toEqual({ min: 0, max: 16, stepSize: 2 });
    expect(epochAxis(5)).toEqual({ min: 0, max: 5, stepSize: 1 });
    expect(epochAxis(1)).toEqual({ min: 0, max: 1, stepSize: 1 });
    expect(epochAxis(1000)).toEqual({ min: 0, max: 1000, stepSize: 100 });
    expect(epochAxis(400)).toEqual({ min: 0, max: 400, stepSize: 50 });
  });
});
