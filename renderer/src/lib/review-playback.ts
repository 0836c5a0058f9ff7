/**
 * The arithmetic of film review, apart from the <video> element: which play is under the playhead,
 * frame steps on the game's own frame grid, the J/K/L shuttle's speeds, and looping a play.
 */

export interface Span {
  readonly startS: number;
  readonly endS: number;
}

/** Shuttle speeds: each further press of L (or J) doubles the speed, up to 8×. */
export const SHUTTLE_SPEEDS: readonly number[] = [1, 2, 4, 8];

/** The playback speeds an analyst picks (the < and > keys step through them): slow motion to double. */
export const PLAYBACK_SPEEDS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];

/** The speed one step down (-1) or up (1) from `current`, staying at the ends; an unlisted speed goes to its neighbour. */
export function nextSpeed(current: number, step: -1 | 1): number {
  if (step > 0) return PLAYBACK_SPEEDS.find((speed) => speed > current + 1e-9) ?? PLAYBACK_SPEEDS.at(-1)!;
  return PLAYBACK_SPEEDS.findLast((speed) => speed < current - 1e-9) ?? PLAYBACK_SPEEDS[0]!;
}

/** A speed read back from storage or a form, or 1× when it is not one of PLAYBACK_SPEEDS. */
export function validSpeed(value: unknown): number {
  return typeof value === 'number' && PLAYBACK_SPEEDS.includes(value) ? value : 1;
}

/**
 * The shuttle rate after a press of J, K or L (negative: backwards, 0: stopped). L from stopped
 * or backwards plays forward at the chosen playback speed, L again goes faster (the next shuttle
 * speed above the current one: 0.5× → 1× → 2× → 4× → 8×); J mirrors it; K stops.
 */
export function shuttleRate(current: number, key: 'j' | 'k' | 'l', speed = 1): number {
  if (key === 'k') return 0;
  const sign = key === 'l' ? 1 : -1;
  if (Math.sign(current) !== sign) return sign * speed;
  const faster = SHUTTLE_SPEEDS.find((rate) => rate > Math.abs(current) + 1e-9) ?? SHUTTLE_SPEEDS.at(-1)!;
  return sign * faster;
}

/**
 * The time to seek to for a step of `frames` frames from `timeS`: the middle of the target frame's
 * display interval, so rounding in the decoder can never show its neighbour. Clamped to the video.
 */
export function frameStepTime(timeS: number, fps: number, frames: number, durationS: number): number {
  const rate = fps > 0 ? fps : 25;
  const lastFrame = Math.max(0, Math.ceil(durationS * rate) - 1);
  const current = Math.floor(timeS * rate + 1e-6);
  const target = Math.min(lastFrame, Math.max(0, current + frames));
  return (target + 0.5) / rate;
}

/** The frame number (0-based) shown at `timeS`. */
export function frameAt(timeS: number, fps: number): number {
  return Math.floor(Math.max(0, timeS) * (fps > 0 ? fps : 25) + 1e-6);
}

/**
 * The index of the play under the playhead: the one containing `timeS`, else the last one that
 * started before it (the gap after a play still belongs to it), else the first. -1 with no plays.
 * Plays must be sorted by start.
 */
export function playIndexAt(plays: readonly Span[], timeS: number): number {
  if (plays.length === 0) return -1;
  let found = 0;
  for (let i = 0; i < plays.length; i++) {
    if (plays[i]!.startS <= timeS + 1e-6) found = i;
    else break;
  }
  return found;
}

/**
 * Where the playhead goes when looping `play`: back to its start once it reaches the end (or
 * wanders outside it, as a seek can), else undefined (stay).
 */
export function loopSeek(play: Span, timeS: number): number | undefined {
  return timeS >= play.endS || timeS < play.startS - 0.25 ? play.startS : undefined;
}

/**
 * How tall a prediction's segment is, as a share of the row: a sure one fills it, an unsure one is a
 * low bar. Height alone carries the confidence: the segment keeps its type's full colour at any
 * confidence (a faded one blended into the dark track and its type could no longer be read).
 */
export function confidenceHeight(confidence: number): number {
  const c = Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0));
  return 0.35 + 0.65 * c;
}

/**
 * The play N (next) or P (previous) goes to from `timeS`, as an index, or -1 for none. Next is the
 * first play starting after the playhead (so from the gap before the first play, N goes to it);
 * previous is the one before the current play. Plays must be sorted by start.
 */
export function adjacentPlayIndex(plays: readonly Span[], timeS: number, direction: 1 | -1): number {
  if (direction === 1) return plays.findIndex((play) => play.startS > timeS + 1e-3);
  const current = playIndexAt(plays, timeS);
  if (current < 0) return -1;
  return timeS + 1e-3 >= plays[current]!.startS ? current - 1 : -1;
}
