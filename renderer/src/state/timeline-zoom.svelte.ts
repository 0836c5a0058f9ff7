import type { Span } from '../lib/review-playback.js';
import {
  clampWindow,
  fitSpan,
  followPlayhead,
  isZoomed,
  panBy,
  wholeFilm,
  zoomAround,
  ZOOM_STEP,
  type TimeWindow,
} from '../lib/timeline-zoom.js';

/**
 * The stretch of film Review's timeline shows, as reactive state shared by the timeline (wheel,
 * buttons, overview bar) and the view (keys, following the playhead). The arithmetic is
 * lib/timeline-zoom.ts; this only holds the window and the film's length.
 */
export class TimelineZoom {
  #lengthS = $state(1);
  #window = $state.raw<TimeWindow>(wholeFilm(1));

  get window(): TimeWindow {
    return this.#window;
  }

  get lengthS(): number {
    return this.#lengthS;
  }

  get zoomed(): boolean {
    return isZoomed(this.#window, this.#lengthS);
  }

  /**
   * The film's length (it can grow when the video's metadata arrives): a timeline showing the whole
   * film keeps showing all of it; a zoomed one keeps its window, made valid for the new length.
   */
  setLength(lengthS: number): void {
    const length = Math.max(lengthS, 1e-3);
    if (length === this.#lengthS) return;
    const whole = !this.zoomed;
    this.#lengthS = length;
    this.#window = whole ? wholeFilm(length) : clampWindow(this.#window, length);
  }

  /** Zoom in (1) or out (-1) a step around `anchorS` (the playhead). */
  step(direction: 1 | -1, anchorS: number): void {
    this.zoomBy(direction > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, anchorS);
  }

  zoomBy(factor: number, anchorS: number): void {
    if (!(factor > 0) || !Number.isFinite(factor)) return;
    this.#window = zoomAround(this.#window, factor, anchorS, this.#lengthS);
  }

  fit(span: Span): void {
    this.#window = fitSpan(span, this.#lengthS);
  }

  whole(): void {
    this.#window = wholeFilm(this.#lengthS);
  }

  panBy(deltaS: number): void {
    this.#window = panBy(this.#window, deltaS, this.#lengthS);
  }

  /** Scroll so the window starts at `startS` (the overview bar's drag). */
  panTo(startS: number): void {
    this.panBy(startS - this.#window.startS);
  }

  /** The playhead moved: page the window after it if it left the view. */
  follow(timeS: number): void {
    const next = followPlayhead(this.#window, timeS, this.#lengthS);
    if (next !== this.#window) this.#window = next;
  }
}
