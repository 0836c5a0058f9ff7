/**
 * Estimates time left from the recent rate of progress (an exponentially weighted rate, so a slow
 * start or a burst does not swing the estimate), as progress bars show it.
 */
export class EtaEstimator {
  private rate: number | null = null;
  private lastDone: number;
  private lastTime: number;

  constructor(
    private readonly total: number,
    startDone = 0,
    private readonly now: () => number = () => performance.now(),
    private readonly smoothing = 0.3,
  ) {
    this.lastDone = startDone;
    this.lastTime = now();
  }

  /** Record that `done` units are finished; returns seconds left, or null while there is no rate yet. */
  update(done: number): number | null {
    const time = this.now();
    const elapsed = (time - this.lastTime) / 1000;
    if (done > this.lastDone && elapsed > 0) {
      const instant = (done - this.lastDone) / elapsed;
      this.rate = this.rate === null ? instant : this.smoothing * instant + (1 - this.smoothing) * this.rate;
      this.lastDone = done;
      this.lastTime = time;
    }
    if (this.rate === null || this.rate <= 0) return null;
    return Math.max(0, (this.total - done) / this.rate);
  }
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
