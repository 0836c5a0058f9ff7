/**
 * chart.js for the training curves: only the pieces a line chart needs are registered (the library
 * is tree-shaken), the app's dark theme is applied, and a chart is built from or refreshed with
 * the series training-curves.ts computes. Nothing here touches the DOM beyond the given canvas.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type ChartDataset } from 'chart.js';
import { epochAxis, type CurveMetric, type CurveSeries } from './training-curves.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

/** The theme's colours as canvas needs them (a canvas cannot read CSS variables). */
export interface ChartTheme {
  text: string;
  faint: string;
  grid: string;
  font: string;
}

export function readTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text-muted', '#98a3b0'),
    faint: read('--text-faint', '#6d7885'),
    grid: read('--border', '#232b34'),
    font: read('--font-ui', 'system-ui, sans-serif'),
  };
}

type LineData = { x: number; y: number }[];

function datasets(series: readonly CurveSeries[]): ChartDataset<'line', LineData>[] {
  return series.map((s) => ({
    label: s.label,
    data: s.points,
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: 2,
    borderDash: s.split === 'validation' ? [6, 4] : [],
    pointRadius: s.points.length > 60 ? 0 : 2.5,
    pointHoverRadius: 4,
    tension: 0,
  }));
}

const METRIC_TITLES: Readonly<Record<CurveMetric, string>> = { loss: 'Loss (cross-entropy)', accuracy: 'Accuracy' };

export function curveChartConfig(series: readonly CurveSeries[], metric: CurveMetric, xMax: number, theme: ChartTheme): ChartConfiguration<'line', LineData> {
  const font = { family: theme.font, size: 11 };
  return {
    type: 'line',
    data: { datasets: datasets(series) },
    options: {
      // Live data arrives an epoch at a time: animating every append only makes the lines wobble.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: epochAxis(xMax).min,
          max: epochAxis(xMax).max,
          title: { display: true, text: 'Epoch', color: theme.faint, font },
          ticks: { precision: 0, stepSize: epochAxis(xMax).stepSize, color: theme.text, font },
          grid: { color: theme.grid },
        },
        y: {
          type: 'linear',
          ...(metric === 'accuracy' ? { min: 0, max: 1 } : { beginAtZero: true }),
          title: { display: true, text: METRIC_TITLES[metric], color: theme.faint, font },
          ticks: {
            color: theme.text,
            font,
            ...(metric === 'accuracy' ? { callback: (value: string | number) => `${Math.round(Number(value) * 100)}%` } : {}),
          },
          grid: { color: theme.grid },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => `Epoch ${items[0]?.parsed.x ?? ''}`,
            label: (item) => {
              const y = item.parsed.y ?? 0;
              return `${item.dataset.label ?? ''}: ${metric === 'accuracy' ? `${(y * 100).toFixed(1)}%` : y.toFixed(4)}`;
            },
          },
        },
      },
    },
  };
}

/** New data into an existing chart, without rebuilding it (which would flicker at every epoch). */
export function refreshCurveChart(chart: Chart<'line', LineData>, series: readonly CurveSeries[], xMax: number): void {
  chart.data.datasets = datasets(series);
  const x = chart.options.scales?.['x'];
  if (x) {
    const axis = epochAxis(xMax);
    x.min = axis.min;
    x.max = axis.max;
    if (x.ticks) (x.ticks as { stepSize?: number }).stepSize = axis.stepSize;
  }
  chart.update('none');
}

export { Chart };
