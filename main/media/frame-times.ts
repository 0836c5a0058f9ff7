/**
 * Which frames stand for a play: T instants evenly spaced over [start, end] (the centres of T
 * equal slices, so neither end's cut frame is over-weighted), each mapped to the video frame shown
 * at that instant. Pure arithmetic, so it is tested by hand.
 */
export function sampleInstants(startS: number, endS: number, frames: number): number[] {
  const step = (endS - startS) / frames;
  return Array.from({ length: frames }, (_, i) => startS + (i + 0.5) * step);
}

/** The index of the frame on screen at time t in a constant-frame-rate video. */
export function frameIndexAt(timeS: number, fps: number): number {
  // A hair of tolerance keeps t = k/fps (exact frame start) on frame k despite float rounding.
  return Math.max(0, Math.floor(timeS * fps + 1e-6));
}

/** The frame indices a play needs, and for each of its T slots which of those frames fills it. */
export function framePlan(startS: number, endS: number, frames: number, fps: number, lastFrame: number) {
  const indices = sampleInstants(startS, endS, frames).map((t) => Math.min(frameIndexAt(t, fps), lastFrame));
  const unique = [...new Set(indices)].sort((a, b) => a - b);
  const slotOf = new Map(unique.map((index, slot) => [index, slot]));
  return { unique, slots: indices.map((index) => slotOf.get(index)!) };
}
