/**
 * The arithmetic of a zoomed timeline, apart from the view: which stretch of the film the timeline
 * shows (its window), zooming that window around a time, fitting it to a play, scrolling it, paging
 * it after the playhead, the ruler's ticks for it, and the mapping between pixels and seconds inside it.
 * On a two-hour game the whole film at 1660 px is about 4 s a pixel; zoomed to a few seconds an edge
 * can be dragged to the frame.
 */
import type { Span } from './review-playback.js';

/** The stretch of film the timeline shows, in seconds. */
export interface TimeWindow {
  readonly startS: number;
  readonly endS: number;
}

/** The narrowest window: 2 s, some 30 px a frame at 25 fps on a 1660 px track. */
export const MIN_WINDOW_S = 2;

/** One zoom key press narrows (or widens) the window by this factor. */
export const ZOOM_STEP = 2;

/** The whole film. */
export function wholeFilm(lengthS: number): TimeWindow {
  return { startS: 0, endS: Math.max(lengthS, 0) };
}

/** The narrowest window a film of this length allows (the whole of a film shorter than that). */
export function minWindow(lengthS: number): number {
  return Math.min(MIN_WINDOW_S, Math.max(lengthS, 0));
}

/** A window made valid: no narrower than minWindow, no wider than the film, and inside it. */
export function clampWindow(window: TimeWindow, lengthS: number): TimeWindow {
  const length = Math.max(lengthS, 0);
  const width = Math.min(length, Math.max(minWindow(length), window.endS - window.startS));
  const startS = Math.min(length - width, Math.max(0, window.startS));
  return { startS, endS: startS + width };
}

/** Whether the window shows less than the whole film. */
export function isZoomed(window: TimeWindow, lengthS: number): boolean {
  return window.endS - window.startS < lengthS - 1e-9;
}

/**
 * The window zoomed in by `factor` (above 1: in, below 1: out) around `anchorS`, which stays where it
 * was on the screen (the playhead for the keys, the pointer for the wheel). An anchor outside the
 * window is brought in: the window is centred on it instead.
 */
export function zoomAround(window: TimeWindow, factor: number, anchorS: number, lengthS: number): TimeWindow {
  const width = window.endS - window.startS;
  const newWidth = Math.min(lengthS, Math.max(minWindow(lengthS), width / factor));
  const inside = anchorS >= window.startS && anchorS <= window.endS && width > 0;
  const share = inside ? (anchorS - window.startS) / width : 0.5;
  return clampWindow({ startS: anchorS - share * newWidth, endS: anchorS - share * newWidth + newWidth }, lengthS);
}

/** A window fitted to a play, with a margin of a sixth of its length (at least half a second) each side. */
export function fitSpan(span: Span, lengthS: number): TimeWindow {
  const margin = Math.max(0.5, (span.endS - span.startS) / 6);
  const wanted = { startS: span.startS - margin, endS: span.endS + margin };
  const width = Math.max(minWindow(lengthS), wanted.endS - wanted.startS);
  const centre = (span.startS + span.endS) / 2;
  return clampWindow({ startS: centre - width / 2, endS: centre + width / 2 }, lengthS);
}

/** The window scrolled by `deltaS` seconds (negative: earlier), stopping at the film's ends. */
export function panBy(window: TimeWindow, deltaS: number, lengthS: number): TimeWindow {
  return clampWindow({ startS: window.startS + deltaS, endS: window.endS + deltaS }, lengthS);
}

/** Share of the window's width, from its left, that the playhead lands on after the view pages. */
const PAGE_LEAD = 0.1;

/**
 * The window after the playhead moved to `timeS`: unchanged while it is in view, else paged as
 * editing suites page: going forward past the right edge puts the playhead a tenth in from the left
 * (most of the window ahead of it), going back past the left edge a tenth in from the right.
 */
export function followPlayhead(window: TimeWindow, timeS: number, lengthS: number): TimeWindow {
  if (timeS >= window.startS && timeS <= window.endS) return window;
  const width = window.endS - window.startS;
  const startS = timeS > window.endS ? timeS - PAGE_LEAD * width : timeS - (1 - PAGE_LEAD) * width;
  return clampWindow({ startS, endS: startS + width }, lengthS);
}

/** While an edge is dragged past the track's end, the window scrolls this many widths a second per width of overshoot. */
const EDGE_SCROLL_RATE = 4;

/**
 * How far to scroll the window in `dtS` seconds while a dragged edge is held `x` pixels into a track
 * `widthPx` wide, as editing suites do: nothing inside the track, past either end the faster the
 * farther (capped at half a track's overshoot), negative to the left.
 */
export function edgeScrollS(x: number, widthPx: number, window: TimeWindow, dtS: number): number {
  if (widthPx <= 0) return 0;
  const overshoot = x < 0 ? x : x > widthPx ? x - widthPx : 0;
  const capped = Math.max(-widthPx / 2, Math.min(widthPx / 2, overshoot));
  return (capped / widthPx) * EDGE_SCROLL_RATE * (window.endS - window.startS) * dtS;
}

/** The time under `x` pixels into a track `widthPx` wide showing `window`, kept inside the window. */
export function timeAtX(x: number, widthPx: number, window: TimeWindow): number {
  if (widthPx <= 0) return window.startS;
  const t = window.startS + (x / widthPx) * (window.endS - window.startS);
  return Math.min(window.endS, Math.max(window.startS, t));
}

/** Where `timeS` falls on the track, as a percentage of its width (outside 0–100 when out of view). */
export function percentAt(timeS: number, window: TimeWindow): number {
  const width = window.endS - window.startS;
  return width > 0 ? ((timeS - window.startS) / width) * 100 : 0;
}

/** A span's box on the track as CSS percentages: left edge and width (either may run out of view). */
export function boxInWindow(span: Span, window: TimeWindow): { left: number; width: number } {
  const left = percentAt(span.startS, window);
  return { left, width: percentAt(span.endS, window) - left };
}

/** Whether any of the span is in view (a play wholly outside the window is not drawn). */
export function overlapsWindow(span: Span, window: TimeWindow): boolean {
  return span.endS >= window.startS && span.startS <= window.endS;
}

/** Ruler steps with their unlabelled subdivisions: tenths of a second up to hours. */
const RULER_STEPS: readonly (readonly [step: number, minor: number])[] = [
  [0.2, 0.04], [0.5, 0.1], [1, 0.2], [2, 0.5], [5, 1], [10, 2], [15, 5], [30, 5], [60, 10], [120, 30],
  [300, 60], [600, 120], [900, 300], [1800, 300], [3600, 600],
];

/** Labels at least this far apart, in pixels ("1:02:30" is some 45 px wide). */
export const LABEL_SPACING_PX = 64;
/** Minor ticks at least this far apart, else none. */
const MINOR_SPACING_PX = 5;

export interface RulerTick {
  readonly timeS: number;
  /** Position on the ruler, percent of its width. */
  readonly percent: number;
  readonly label: string;
}

export interface Ruler {
  /** Seconds between labelled ticks. */
  readonly stepS: number;
  readonly ticks: readonly RulerTick[];
  /** Unlabelled ticks between the labelled ones, percent of the width; empty when too dense. */
  readonly minor: readonly number[];
}

/** Multiples of `step` inside the window, as exact as decimals allow. */
function multiples(step: number, window: TimeWindow): number[] {
  const first = Math.ceil(window.startS / step - 1e-9);
  const last = Math.floor(window.endS / step + 1e-9);
  const out: number[] = [];
  // `+ 0` turns the -0 that Math.ceil gives just below zero into 0.
  for (let i = first; i <= last; i++) out.push(Math.round(i * step * 1e6) / 1e6 + 0);
  return out;
}

/** A ruler label: m:ss, h:mm:ss past an hour, with tenths when the step is under a second. */
export function rulerLabel(timeS: number, stepS: number): string {
  const tenths = Math.round(timeS * 10);
  const whole = Math.floor(tenths / 10);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  const clock = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  return stepS < 1 ? `${clock}.${tenths % 10}` : clock;
}

/**
 * The ruler for a window drawn `widthPx` wide: the smallest round step whose labels stay
 * LABEL_SPACING_PX apart (tenths of a second zoomed right in, seconds, 5 s, 30 s, minutes, hours
 * over a whole game). Labels closer than half a spacing to the right end are left out (they would
 * run off the track); the left end keeps one only at the film's start, drawn left-aligned there.
 */
export function rulerTicks(window: TimeWindow, widthPx: number): Ruler {
  const span = window.endS - window.startS;
  if (span <= 0 || widthPx <= 0) return { stepS: 1, ticks: [], minor: [] };
  const pxPerS = widthPx / span;
  const [stepS, minorS] = RULER_STEPS.find(([step]) => step * pxPerS >= LABEL_SPACING_PX) ?? RULER_STEPS.at(-1)!;
  const edge = LABEL_SPACING_PX / 2 / pxPerS;
  const ticks = multiples(stepS, window)
    .filter((t) => t <= window.endS - edge && (t >= window.startS + edge || t === 0))
    .map((t) => ({ timeS: t, percent: percentAt(t, window), label: rulerLabel(t, stepS) }));
  const minor = minorS * pxPerS >= MINOR_SPACING_PX
    ? multiples(minorS, window).filter((t) => Math.abs(t / stepS - Math.round(t / stepS)) > 1e-6).map((t) => percentAt(t, window))
    : [];
  return { stepS, ticks, minor };
}

/** How long the window is, in words for the zoom readout: "2 s", "45 s", "3 min", "1 h 20 min". */
export function windowLengthLabel(window: TimeWindow): string {
  const s = window.endS - window.startS;
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  if (s < 90) return `${Math.round(s)} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
