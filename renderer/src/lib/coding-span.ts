/**
 * The arithmetic of coding film, apart from the view: the span a code bar press makes with its lead
 * and lag, a span marked with I and O, which edge of a play a nudge moves and where to, and snapping
 * a dragged time to the game's frame grid. The library refuses overlaps and empty spans; these keep
 * an analyst's ordinary gestures from running into those refusals where the intent is clear.
 */
import type { Span } from './review-playback.js';

/** Rounds away floating-point dust (12.44 − 0.04 is 12.400000000000002), so spans compare and print cleanly. */
export function cleanSeconds(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

/** The time of the frame boundary nearest `timeS` on the game's frame grid. */
export function snapToFrame(timeS: number, fps: number): number {
  const rate = fps > 0 ? fps : 25;
  return cleanSeconds(Math.round(timeS * rate) / rate);
}

/** The start of the frame shown at `timeS` (the playhead sits inside a frame, often in its middle). */
export function frameStart(timeS: number, fps: number): number {
  const rate = fps > 0 ? fps : 25;
  return cleanSeconds(Math.floor(Math.max(0, timeS) * rate + 1e-6) / rate);
}

/**
 * A span marked with I and O, in either order, as editing suites mark it: from the first frame of
 * the in mark's frame to the end of the out mark's frame (the frame on screen at O is the play's
 * last). I and O on one frame mark that one frame.
 */
export function markedSpan(inS: number, outS: number, fps: number): Span {
  const rate = fps > 0 ? fps : 25;
  return { startS: frameStart(Math.min(inS, outS), rate), endS: cleanSeconds(frameStart(Math.max(inS, outS), rate) + 1 / rate) };
}

/**
 * The span of a code bar play: from `lead` seconds before the first press to `lag` seconds after the
 * second, as a code window makes it. The lead stops at the end of the play before the first press
 * and the lag at the start of the play after the second (so the padding never makes an overlap), and
 * both stop at the ends of the video. A press counts from the start of the frame on screen.
 */
export function codeWindowSpan(pressS: number, releaseS: number, leadS: number, lagS: number, plays: readonly Span[], durationS: number, fps: number): Span | undefined {
  const first = frameStart(Math.min(pressS, releaseS), fps);
  const last = frameStart(Math.max(pressS, releaseS), fps);
  const before = Math.max(0, ...plays.filter((p) => p.endS <= first + 1e-6).map((p) => p.endS));
  const after = Math.min(durationS > 0 ? durationS : Number.POSITIVE_INFINITY, ...plays.filter((p) => p.startS >= last - 1e-6).map((p) => p.startS));
  const startS = Math.max(before, snapToFrame(first - Math.max(0, leadS), fps));
  const endS = Math.min(after, snapToFrame(last + Math.max(0, lagS), fps));
  return endS > startS ? { startS: cleanSeconds(startS), endS: cleanSeconds(endS) } : undefined;
}

export type Edge = 'start' | 'end';

/** The edge of the play nearer the playhead: what [ and ] move (the start on a tie). */
export function nearestEdge(play: Span, timeS: number): Edge {
  return Math.abs(timeS - play.endS) < Math.abs(timeS - play.startS) ? 'end' : 'start';
}

/**
 * The play's span with one edge moved by `direction` frames (or seconds), and where the playhead
 * goes to show the frame at that edge: the first frame inside the play for the start, the last one
 * for the end (the middle of the frame, so the decoder cannot show its neighbour).
 */
export function nudgedEdge(play: Span, edge: Edge, direction: -1 | 1, unit: 'frame' | 'second', fps: number): { startS: number; endS: number; showS: number } {
  const rate = fps > 0 ? fps : 25;
  const step = (unit === 'frame' ? 1 / rate : 1) * direction;
  const startS = edge === 'start' ? cleanSeconds(Math.max(0, play.startS + step)) : play.startS;
  const endS = edge === 'end' ? cleanSeconds(play.endS + step) : play.endS;
  const showS = cleanSeconds(edge === 'start' ? startS + 0.5 / rate : endS - 0.5 / rate);
  return { startS, endS, showS };
}
