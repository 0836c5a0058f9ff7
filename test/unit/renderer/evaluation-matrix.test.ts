import { describe, expect, it } from 'vitest';
import type { ClassMetrics } from '../../../shared/api/training.js';
import {
  cellAt, cellCentre, cellColor, cellLabel, cellStrength, cellTextColor, columnTotals, formatScore, matrixCells, metricAverages,
  rowNormalise, scaleMax, shortTypeLabel,
} from '../../../renderer/src/lib/evaluation-matrix.js';

// A 3-class matrix worked by hand. Rows are true types A, B, C; columns predicted.
//   A: 1 right, 1 read as B        → recall 1/2; B: 1 right → recall 1; C: no held-out play.
//   Predicted A: 1 (all right)     → precision 1; predicted B: 2 (1 right) → precision 1/2.
const CONFUSION = [
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 0],
];

describe('rowNormalise (each row as shares of its plays)', () => {
  it('divides every cell by its row total and leaves an empty row at 0', () => {
    expect(rowNormalise([[3, 1, 0], [0, 0, 0], [2, 2, 4]])).toEqual([
      [0.75, 0.25, 0],
      [0, 0, 0],
      [0.25, 0.25, 0.5],
    ]);
  });

  it('gives rows that sum to 1 wherever the row has plays', () => {
    for (const row of rowNormalise([[7, 2, 1], [0, 3, 0]])) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('matrixCells (the chart data)', () => {
  it('lists one cell per (true, predicted) pair, row by row, with count, share and the shown value', () => {
    expect(matrixCells([[3, 1], [0, 2]], 'counts')).toEqual([
      { x: 0, y: 0, count: 3, share: 0.75, v: 3 },
      { x: 1, y: 0, count: 1, share: 0.25, v: 1 },
      { x: 0, y: 1, count: 0, share: 0, v: 0 },
      { x: 1, y: 1, count: 2, share: 1, v: 2 },
    ]);
    expect(matrixCells([[3, 1], [0, 2]], 'share').map((c) => c.v)).toEqual([0.75, 0.25, 0, 1]);
  });

  it('scales colours to the largest count, or to 1 for shares (and never to 0)', () => {
    expect(scaleMax(matrixCells(CONFUSION, 'counts'), 'counts')).toBe(1);
    expect(scaleMax(matrixCells([[3, 1], [0, 2]], 'counts'), 'counts')).toBe(3);
    expect(scaleMax(matrixCells([[0, 0], [0, 0]], 'counts'), 'counts')).toBe(1);
    expect(scaleMax(matrixCells([[3, 1], [0, 2]], 'share'), 'share')).toBe(1);
  });
});

describe('cell colours and labels', () => {
  it('gives an empty cell no strength, then 0.15 up to 1 in proportion', () => {
    expect(cellStrength(0, 3)).toBe(0);
    expect(cellStrength(3, 3)).toBe(1);
    expect(cellStrength(2, 4)).toBeCloseTo(0.575, 12); // 0.15 + 0.85 × 0.5
    expect(cellStrength(9, 3)).toBe(1);
  });

  it('is green on the diagonal, red off it, faint when empty', () => {
    expect(cellColor({ x: 1, y: 1, count: 3, share: 1, v: 3 }, 3)).toBe('rgba(92, 192, 138, 1.000)');
    expect(cellColor({ x: 0, y: 1, count: 2, share: 0.5, v: 2 }, 4)).toBe('rgba(239, 113, 113, 0.575)');
    expect(cellColor({ x: 0, y: 1, count: 0, share: 0, v: 0 }, 4)).toBe('rgba(255, 255, 255, 0.03)');
    expect(cellTextColor({ x: 1, y: 1, count: 3, share: 1, v: 3 }, 3)).toBe('#0e1114');
    expect(cellTextColor({ x: 0, y: 1, count: 1, share: 0.5, v: 1 }, 4)).toBe('#dfe5ec');
  });

  it('writes counts or whole percentages, and nothing in an empty cell', () => {
    expect(cellLabel({ x: 0, y: 0, count: 3, share: 0.75, v: 3 }, 'counts')).toBe('3');
    expect(cellLabel({ x: 0, y: 0, count: 3, share: 0.75, v: 0.75 }, 'share')).toBe('75%');
    expect(cellLabel({ x: 0, y: 0, count: 1, share: 1 / 3, v: 1 / 3 }, 'share')).toBe('33%');
    expect(cellLabel({ x: 1, y: 0, count: 0, share: 0, v: 0 }, 'counts')).toBe('');
  });
});

describe('cellAt and cellCentre (pointer ↔ cell in a 4×4 plot area from (100, 50) to (500, 450))', () => {
  const area = { left: 100, top: 50, right: 500, bottom: 450 };

  it('finds the cell under a point; each cell is 100 px square', () => {
    expect(cellAt(area, 4, 100, 50)).toEqual({ x: 0, y: 0 });
    expect(cellAt(area, 4, 300, 150)).toEqual({ x: 2, y: 1 });
    expect(cellAt(area, 4, 499.9, 449.9)).toEqual({ x: 3, y: 3 });
  });

  it('is null outside the plot area (the right and bottom edges are outside)', () => {
    expect(cellAt(area, 4, 99, 60)).toBeNull();
    expect(cellAt(area, 4, 500, 60)).toBeNull();
    expect(cellAt(area, 4, 200, 450)).toBeNull();
    expect(cellAt(area, 0, 200, 200)).toBeNull();
  });

  it('gives a cell’s centre, which maps back to the same cell', () => {
    expect(cellCentre(area, 4, 2, 1)).toEqual({ px: 350, py: 200 });
    for (let x = 0; x < 4; x++) {
      for (let y = 0; y < 4; y++) {
        const { px, py } = cellCentre(area, 4, x, y);
        expect(cellAt(area, 4, px, py)).toEqual({ x, y });
      }
    }
  });
});

describe('metricAverages and columnTotals (the per-class table’s footer)', () => {
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const perClass: ClassMetrics[] = [
    { playType: 'A', precision: 1, recall: 0.5, f1: f1(1, 0.5), support: 2 },
    { playType: 'B', precision: 0.5, recall: 1, f1: f1(0.5, 1), support: 1 },
    { playType: 'C', precision: 0, recall: 0, f1: 0, support: 0 },
  ];

  it('averages over the classes with held-out plays: each once (macro), or by support (weighted)', () => {
    const { macro, weighted } = metricAverages(perClass);
    expect(macro.precision).toBeCloseTo(0.75, 12); // (1 + 0.5) / 2; C is left out
    expect(macro.recall).toBeCloseTo(0.75, 12);
    expect(macro.f1).toBeCloseTo(2 / 3, 12);
    expect(macro.support).toBe(3);
    expect(weighted.precision).toBeCloseTo((1 * 2 + 0.5 * 1) / 3, 12);
    expect(weighted.recall).toBeCloseTo((0.5 * 2 + 1 * 1) / 3, 12);
    expect(weighted.f1).toBeCloseTo(2 / 3, 12);
  });

  it('is all zeros when no class has plays', () => {
    expect(metricAverages([{ playType: 'A', precision: 0, recall: 0, f1: 0, support: 0 }]).macro).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('counts the plays predicted as each class', () => {
    expect(columnTotals(CONFUSION)).toEqual([1, 2, 0]);
    expect(columnTotals([])).toEqual([]);
  });

  it('formats a score as a percentage with one decimal', () => {
    expect(formatScore(0.875)).toBe('87.5%');
    expect(formatScore(1)).toBe('100.0%');
    expect(formatScore(2 / 3)).toBe('66.7%');
  });
});

describe('shortTypeLabel (column labels)', () => {
  const prBallHandler = { id: 'PRBallHandler', name: 'Pick & Roll: Ball Handler', aliases: ['PRBallHandler', 'P&R Ball Handler', 'P&R BH'] };

  it('keeps a short name and takes the shortest alias of a long one', () => {
    expect(shortTypeLabel({ id: 'Transition', name: 'Transition', aliases: ['Trans'] }, 'Transition')).toBe('Transition');
    expect(shortTypeLabel(prBallHandler, 'PRBallHandler')).toBe('P&R BH');
    expect(shortTypeLabel({ id: 'Misc', name: 'Miscellaneous', aliases: ['Misc', 'Other', 'All Other Plays'] }, 'Misc')).toBe('Misc');
  });

  it('falls back to the id for a type the taxonomy does not know, and ignores 1–2 letter aliases', () => {
    expect(shortTypeLabel(undefined, 'Unknown')).toBe('Unknown');
    expect(shortTypeLabel({ id: 'Postup', name: 'A very long post-up name', aliases: ['P'] }, 'Postup')).toBe('Postup');
  });
});
