/**
 * Which frames stand for a play: T instants evenly spaced over [start, end] (the centres of T
 * equal slices, so neither end's cut frame is over-weighted), each mapped to the frame on screen
 * at that instant: the last frame whose presentation time is not after it. By time, not by index
 * from one frame rate, so variable-frame-rate video (phones, screen captures, some broadcast
 * recorders) gives the right frames. Pure arithmetic, so it is tested by hand.
 */
export function sampleInstants(startS: number, endS: number, frames: number): number[] {
  const step = (endS - startS) / frames;
  return Array.from({ length: frames }, (_, i) => startS + (i + 0.5) * step);
}

/** ffprobe and ffmpeg print times to the microsecond: a frame that starts "at" an instant counts. */
const TIME_TOLERANCE_S = 1e-6;

/**
 * The index, in `times` (presentation times sorted ascending), of the frame on screen at `t`:
 * the last one starting at or before t. Before the first frame, the first one (a player shows it
 * from the start); -1 only when there are no frames.
 */
export function frameShownAt(times: readonly number[], t: number): number {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (times[mid]! <= t + TIME_TOLERANCE_S) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return times.length === 0 ? -1 : Math.max(found, 0);
}

/**
 * The frames a play needs (their presentation times, each once, ascending) and, for each of its
 * T slots, which of those frames fills it. `times` are the video's frame times around the play,
 * on the same clock as `instants`.
 */
export function timePlan(instants: readonly number[], times: readonly number[]): { needed: number[]; slots: number[] } {
  const sorted = [...times].sort((a, b) => a - b);
  const picked = instants.map((t) => sorted[frameShownAt(sorted, t)]!);
  const needed = [...new Set(picked)].sort((a, b) => a - b);
  const slotOf = new Map(needed.map((time, slot) => [time, slot]));
  return { needed, slots: picked.map((time) => slotOf.get(time)!) };
}
