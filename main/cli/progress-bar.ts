import { EtaEstimator, formatDuration } from '../jobs/eta.js';

/** Progress of long work as a command shows it; the ETA is worked out here. */
export interface ProgressReporter {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

/**
 * How progress reaches stderr: a bar redrawn in place on a terminal; a line every few seconds in
 * logs and CI; or JSON lines (`--progress-json`) for a script that runs the command.
 */
export type ProgressMode = 'tty' | 'lines' | 'json';

export function createProgressReporter(write: (text: string) => void, mode: ProgressMode, width = 28): ProgressReporter {
  let eta: EtaEstimator | undefined;
  let etaTotal = -1;
  let lastLine = 0;
  let drawn = false;
  return {
    update(done, total, label) {
      if (total !== etaTotal) {
        eta = new EtaEstimator(total, done);
        etaTotal = total;
      }
      const etaS = eta!.update(done);
      if (mode === 'json') {
        write(`${JSON.stringify({ progress: { done, total, label, eta_s: etaS } })}\n`);
        return;
      }
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(fraction * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      const text = `${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total} ${etaS === null ? 'ETA --:--' : `ETA ${formatDuration(etaS)}`}  ${label}`;
      if (mode === 'tty') {
        write(`\r\x1b[2K${text.slice(0, (process.stderr.columns || 100) - 1)}`);
        drawn = true;
      } else if (performance.now() - lastLine > 3000 || done === total) {
        write(`${text}\n`);
        lastLine = performance.now();
      }
    },
    finish() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
