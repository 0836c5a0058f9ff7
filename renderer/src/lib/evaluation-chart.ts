/**
 * chart.js for the confusion matrix (chartjs-chart-matrix's controller): linear axes from -0.5 to
 * n-0.5 so that cell (x, y) fills one n-th of the plot area each way, row 0 at the top, ticks named
 * after the classes, and each cell's count written in it by a small plugin.
 */
import { Chart, LinearScale, Tooltip, type ChartConfiguration, type Plugin, type ScriptableContext } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { cellColor, cellLabel, cellTextColor, scaleMax, type MatrixCell, type MatrixMode } from './evaluation-matrix.js';
import type { ChartTheme } from './training-chart.js';

Chart.register(MatrixController, MatrixElement, LinearScale, Tooltip);

export interface MatrixView {
  cells: MatrixCell[];
  mode: MatrixMode;
  /** Column labels (predicted), short enough to sit under a narrow column. */
  columnLabels: string[];
  /** Row labels (true) and the names the tooltip uses. */
  rowLabels: string[];
  /** The cell outlined: the one listed below the matrix, or the keyboard's. */
  highlighted: { x: number; y: number } | null;
}

const GAP = 2;

/** Writes each cell's count (or share) in its middle, after the cells are drawn. */
function labelsPlugin(getView: () => MatrixView, theme: ChartTheme): Plugin<'matrix'> {
  return {
    id: 'filmroomMatrixLabels',
    afterDatasetsDraw(chart) {
      const view = getView();
      const max = scaleMax(view.cells, view.mode);
      const { ctx } = chart;
      const elements = chart.getDatasetMeta(0).data;
      const n = view.rowLabels.length;
      const size = Math.max(9, Math.min(13, Math.floor((chart.chartArea.width / Math.max(1, n)) / 3.2)));
      ctx.save();
      ctx.font = `${size}px ${theme.font}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      view.cells.forEach((cell, index) => {
        const text = cellLabel(cell, view.mode);
        const element = elements[index];
        if (!text || !element) return;
        const { x, y } = element.tooltipPosition(false); // the matrix element's centre
        if (x === null || y === null) return;
        ctx.fillStyle = cellTextColor(cell, max);
        ctx.fillText(text, x, y);
      });
      ctx.restore();
    },
  };
}

const isHighlighted = (view: MatrixView, cell: MatrixCell | undefined) =>
  !!cell && view.highlighted !== null && view.highlighted.x === cell.x && view.highlighted.y === cell.y;

export function matrixChartConfig(getView: () => MatrixView, theme: ChartTheme): ChartConfiguration<'matrix', MatrixCell[]> {
  const view = getView();
  const n = view.rowLabels.length;
  const font = { family: theme.font, size: 11 };
  const cellOf = (context: ScriptableContext<'matrix'>) => context.raw as MatrixCell | undefined;
  const axis = (labels: () => string[], title: string, rotation = 0) => ({
    type: 'linear' as const,
    min: -0.5,
    max: n - 0.5,
    offset: false,
    grid: { display: false },
    border: { display: false },
    title: { display: true, text: title, color: theme.faint, font },
    // One tick per class, exactly at its centre, named after it.
    afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
      scale.ticks = labels().map((_, value) => ({ value }));
    },
    ticks: { autoSkip: false, maxRotation: rotation, color: theme.text, font, callback: (value: string | number) => labels()[Number(value)] ?? '' },
  });
  return {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: 'Held-out plays',
          data: view.cells,
          backgroundColor: (context) => {
            const cell = cellOf(context);
            const current = getView();
            return cell ? cellColor(cell, scaleMax(current.cells, current.mode)) : 'transparent';
          },
          borderColor: (context) => (isHighlighted(getView(), cellOf(context)) ? '#f2f7fc' : 'transparent'),
          borderWidth: (context) => (isHighlighted(getView(), cellOf(context)) ? 2 : 0),
          width: ({ chart }) => Math.max(1, (chart.chartArea?.width ?? 0) / n - GAP),
          height: ({ chart }) => Math.max(1, (chart.chartArea?.height ?? 0) / n - GAP),
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ...axis(() => getView().columnLabels, 'Predicted', 60), position: 'bottom' },
        y: { ...axis(() => getView().rowLabels, 'True'), reverse: true },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => {
              const cell = items[0]?.raw as MatrixCell | undefined;
              const current = getView();
              return cell ? `${current.rowLabels[cell.y]} → predicted ${current.rowLabels[cell.x]}` : '';
            },
            label: (item) => {
              const cell = item.raw as MatrixCell;
              return `${cell.count} play${cell.count === 1 ? '' : 's'} (${(cell.share * 100).toFixed(1)}% of the row)`;
            },
          },
        },
      },
    },
    plugins: [labelsPlugin(getView, theme)],
  };
}
