/**
 * The confusion matrix as the Evaluation view draws it: counts or row shares, a colour per cell,
 * which cell a pointer is over, and the per-class table's averages. Plain data, no chart.js.
 */
import type { ClassMetrics } from '../../../shared/api/training.js';

export type MatrixMode = 'counts' | 'share';

export interface MatrixCell {
  /** Column: the predicted class's index. */
  x: number;
  /** Row: the true class's index. */
  y: number;
  count: number;
  /** count / the row's total: of the plays of this true type, the part predicted as this column. */
  share: number;
  /** What the colour and the label show in the current mode. */
  v: number;
}

export interface ChartArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Each row divided by its total, so a row reads as "of the plays of this type, the share predicted as…"; an empty row stays 0. */
export function rowNormalise(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((sum, n) => sum + n, 0);
    return row.map((n) => (total > 0 ? n / total : 0));
  });
}

/** One cell per (true, predicted) pair, rows in class order. */
export function matrixCells(confusion: readonly (readonly number[])[], mode: MatrixMode): MatrixCell[] {
  const shares = rowNormalise(confusion);
  return confusion.flatMap((row, y) =>
    row.map((count, x) => {
      const share = shares[y]![x]!;
      return { x, y, count, share, v: mode === 'counts' ? count : share };
    }),
  );
}

/** The value that gets the full colour: the largest count, or 1 for shares. */
export function scaleMax(cells: readonly MatrixCell[], mode: MatrixMode): number {
  return mode === 'share' ? 1 : Math.max(1, ...cells.map((c) => c.count));
}

/** A cell's strength in [0, 1]: 0 for an empty cell, then from a visible minimum up to 1. */
export function cellStrength(v: number, max: number): number {
  if (v <= 0 || max <= 0) return 0;
  return 0.15 + 0.85 * Math.min(1, v / max);
}

const CORRECT = '92, 192, 138'; // --ok
const CONFUSED = '239, 113, 113'; // --danger

/** Green on the diagonal (right), red off it (a confusion): the brighter, the more plays. */
export function cellColor(cell: MatrixCell, max: number): string {
  const strength = cellStrength(cell.v, max);
  if (strength === 0) return 'rgba(255, 255, 255, 0.03)';
  return `rgba(${cell.x === cell.y ? CORRECT : CONFUSED}, ${strength.toFixed(3)})`;
}

/** Dark text on a bright cell, light text elsewhere. */
export function cellTextColor(cell: MatrixCell, max: number): string {
  return cellStrength(cell.v, max) > 0.6 ? '#0e1114' : '#dfe5ec';
}

/** The number written in a cell: nothing for an empty one, so the confusions stand out. */
export function cellLabel(cell: MatrixCell, mode: MatrixMode): string {
  if (cell.count === 0) return '';
  return mode === 'counts' ? String(cell.count) : `${Math.round(cell.share * 100)}%`;
}

/** The cell under a point of the plot area of an n×n matrix, or null outside it. */
export function cellAt(area: ChartArea, n: number, px: number, py: number): { x: number; y: number } | null {
  if (n <= 0 || px < area.left || px >= area.right || py < area.top || py >= area.bottom) return null;
  const x = Math.floor(((px - area.left) / (area.right - area.left)) * n);
  const y = Math.floor(((py - area.top) / (area.bottom - area.top)) * n);
  return { x: Math.min(n - 1, x), y: Math.min(n - 1, y) };
}

/** A cell's centre in the plot area: where to click it. */
export function cellCentre(area: ChartArea, n: number, x: number, y: number): { px: number; py: number } {
  return {
    px: area.left + ((x + 0.5) * (area.right - area.left)) / n,
    py: area.top + ((y + 0.5) * (area.bottom - area.top)) / n,
  };
}

export interface MetricsAverage {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Macro (each class present among the held-out plays counts once, as the run's macro-F1 does) and
 * weighted (each class by its support) averages of the per-class scores.
 */
export function metricAverages(perClass: readonly ClassMetrics[]): { macro: MetricsAverage; weighted: MetricsAverage } {
  const present = perClass.filter((c) => c.support > 0);
  const support = present.reduce((sum, c) => sum + c.support, 0);
  const mean = (pick: (c: ClassMetrics) => number) => (present.length > 0 ? present.reduce((sum, c) => sum + pick(c), 0) / present.length : 0);
  const weighted = (pick: (c: ClassMetrics) => number) => (support > 0 ? present.reduce((sum, c) => sum + pick(c) * c.support, 0) / support : 0);
  return {
    macro: { precision: mean((c) => c.precision), recall: mean((c) => c.recall), f1: mean((c) => c.f1), support },
    weighted: { precision: weighted((c) => c.precision), recall: weighted((c) => c.recall), f1: weighted((c) => c.f1), support },
  };
}

/** Plays predicted as each class: the matrix's column totals. */
export function columnTotals(confusion: readonly (readonly number[])[]): number[] {
  const n = confusion[0]?.length ?? 0;
  return Array.from({ length: n }, (_, x) => confusion.reduce((sum, row) => sum + (row[x] ?? 0), 0));
}

/** A score as a percentage with one decimal ("87.5%"). */
export function formatScore(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Column labels must fit under a narrow column: the name when short, else its shortest alias ("P&R BH"). */
export function shortTypeLabel(type: { id: string; name: string; aliases: readonly string[] } | undefined, id: string, maxLength = 12): string {
  if (!type) return id;
  if (type.name.length <= maxLength) return type.name;
  const shortest = [...type.aliases, type.id].filter((alias) => alias.length >= 3).sort((a, b) => a.length - b.length)[0];
  return shortest && shortest.length < type.name.length ? shortest : type.name;
}

/** What a key does on the focused matrix: move the cell cursor, or list the cell's plays. */
export type MatrixKeyAction = { kind: 'move'; dx: -1 | 0 | 1; dy: -1 | 0 | 1 } | { kind: 'open' };

/** The action for a key on the focused matrix, or undefined when the matrix leaves the key alone. */
export function matrixKeyAction(press: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean }): MatrixKeyAction | undefined {
  if (press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return undefined;
  switch (press.key) {
    case 'ArrowLeft':
      return { kind: 'move', dx: -1, dy: 0 };
    case 'ArrowRight':
      return { kind: 'move', dx: 1, dy: 0 };
    case 'ArrowUp':
      return { kind: 'move', dx: 0, dy: -1 };
    case 'ArrowDown':
      return { kind: 'move', dx: 0, dy: 1 };
    case 'Enter':
    case ' ':
      return { kind: 'open' };
    default:
      return undefined;
  }
}

/** The matrix's keys in words, for the shortcut sheet (a unit test checks them against matrixKeyAction). */
export const MATRIX_KEY_HELP: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ['←', '→', '↑', '↓'], does: 'move between the confusion matrix’s cells (once it has focus)' },
  { keys: ['Enter', 'Space'], does: 'list the plays of that cell' },
];
