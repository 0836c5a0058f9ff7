import { formatDuration } from '../jobs/eta.js';

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise
 * (logs, CI), so piped output stays readable.
 */
export class ProgressBar {
  private lastLine = 0;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly interactive: boolean,
    private readonly width = 28,
  ) {}

  update(done: number, total: number, etaS: number | null, label: string): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
    const eta = etaS === null ? 'ETA --:--' : `ETA ${formatDuration(etaS)}`;
    const text = `${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total} ${eta}  ${label}`;
    if (this.interactive) {
      this.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns || 100) - 1)}`);
      this.drawn = true;
    } else if (performance.now() - this.lastLine > 3000 || done === total) {
      this.write(`${text}\n`);
      this.lastLine = performance.now();
    }
  }

  finish(): void {
    if (this.drawn) this.write('\n');
    this.drawn = false;
  }
}
