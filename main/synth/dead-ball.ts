/**
 * Dead-ball footage between plays: players walk from where the last play left them to where the
 * next one starts, the ball goes out of bounds, waits there, and is inbounded to the next handler.
 * Real film is full of this, and a classifier must learn that it is not a play.
 */
import type { Figure, SceneFrame } from './choreography.js';
import { COURT } from './court.js';
import type { Rng } from '../system/prng.js';

/**
 * Average pace of a player walking between plays, feet per second. With the late starts and the
 * ease in and out below, the top speed is about twice this.
 */
const WALK_FT_S = 10;
/** The latest a player sets off, as a fraction of the dead ball. */
const LATEST_START = 0.2;
export const FULL_SHOT_CLOCK = 24;
/** Longest walk shown without a cut; beyond it, the picture cuts as a broadcast does. */
const MAX_WALK_S = 4.5;

export interface DeadBallFrame extends SceneFrame {
  /** The first frame after a cut: players and camera jump, as after a broadcast cut. */
  cut?: boolean;
}

const smoothstep = (s: number) => s * s * (3 - 2 * s);
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

function furthest(from: SceneFrame, to: SceneFrame): number {
  return Math.max(...from.players.map((p, i) => Math.hypot(p.x - to.players[i]!.x, p.y - to.players[i]!.y)));
}

/**
 * How many frames the dead ball between two moments lasts: long enough to walk it, or, when
 * everyone has to go to the other end, 3.5–5 s with a cut in the middle.
 */
export function deadBallFrames(from: SceneFrame, to: SceneFrame, fps: number, rng: Rng): number {
  const walk = furthest(from, to) / WALK_FT_S;
  const seconds = walk > MAX_WALK_S ? rng.range(3.5, 5) : Math.max(2, walk) + rng.range(0, 1);
  return Math.round(seconds * fps);
}

/** A point just outside the nearest sideline, where the ball waits to be inbounded. */
function outOfBounds(ball: { x: number; y: number }, rng: Rng): { x: number; y: number } {
  const x = Math.min(COURT.length - 8, Math.max(8, ball.x + rng.range(-10, 10)));
  return { x, y: ball.y < COURT.width / 2 ? -rng.range(1.5, 3) : COURT.width + rng.range(1.5, 3) };
}

/**
 * How far along his way (0–1) each player is at frame k. Without a cut, everyone walks the whole
 * way, each setting off at his own moment. With a cut at frame `cut`, each walks as far as his
 * pace allows before it, and after it is shown as far from his spot as he can walk in what is left.
 */
function progress(k: number, count: number, cut: number | null, start: number, distance: number, fps: number): number {
  if (cut === null) return smoothstep(clamp01((k / (count + 1) - start) / (1 - start)));
  const before = clamp01((WALK_FT_S * cut) / fps / Math.max(distance, 1e-6));
  if (k <= cut) return Math.min(0.5, before) * smoothstep(k / (cut + 1));
  const after = Math.max(Math.min(0.5, before), 1 - (WALK_FT_S * (count - cut)) / fps / Math.max(distance, 1e-6));
  return after + (1 - after) * smoothstep((k - cut) / (count - cut + 1));
}

/**
 * `count` frames leading from `from` (exclusive) to `to` (exclusive): both are frames of plays,
 * with players in the same (identity) order.
 */
export function deadBall(from: SceneFrame, to: SceneFrame, count: number, fps: number, rng: Rng): DeadBallFrame[] {
  const out = outOfBounds(from.ball, rng);
  const sway = from.players.map(() => ({ a: rng.range(0.2, 0.6), f: rng.range(0.2, 0.5), p: rng.range(0, 6.3) }));
  const starts = from.players.map(() => rng.range(0, LATEST_START));
  const cut = furthest(from, to) / WALK_FT_S > count / fps ? Math.round(count * rng.range(0.4, 0.6)) : null;
  const frames: DeadBallFrame[] = [];
  let facing: Figure[] = from.players.map((p) => ({ ...p }));
  for (let k = 1; k <= count; k++) {
    const s = k / (count + 1);
    const t = k / fps;
    const players = from.players.map((a, i): Figure => {
      const b = to.players[i]!;
      const local = progress(k, count, cut, starts[i]!, Math.hypot(b.x - a.x, b.y - a.y), fps);
      const w = sway[i]!;
      const wobble = w.a * Math.sin(2 * Math.PI * w.f * t + w.p) * Math.sin(Math.PI * s);
      return { x: a.x + (b.x - a.x) * local + wobble, y: a.y + (b.y - a.y) * local - wobble, fx: 0, fy: 0 };
    });
    const ball = ballAt(from, to, out, s);
    const jumped = cut !== null && k === cut + 1;
    facing = players.map((p, i) => {
      const prev = jumped ? p : (frames.at(-1)?.players[i] ?? from.players[i]!);
      const vx = p.x - prev.x;
      const vy = p.y - prev.y;
      const moving = Math.hypot(vx, vy) * fps > 2;
      const tx = moving ? vx : ball.x - p.x;
      const ty = moving ? vy : ball.y - p.y;
      const old = facing[i]!;
      const mx = old.fx + (tx / (Math.hypot(tx, ty) || 1) - old.fx) * 0.2;
      const my = old.fy + (ty / (Math.hypot(tx, ty) || 1) - old.fy) * 0.2;
      const l = Math.hypot(mx, my) || 1;
      return { ...p, fx: mx / l, fy: my / l };
    });
    frames.push({ players: facing, ball, holder: -1, shotClock: FULL_SHOT_CLOCK, ...(jumped ? { cut: true } : {}) });
  }
  return frames;
}

/** The ball rolls out (first 40 %), waits out of bounds, then is thrown in to the next handler. */
function ballAt(from: SceneFrame, to: SceneFrame, out: { x: number; y: number }, s: number): SceneFrame['ball'] {
  if (s < 0.4) {
    const u = s / 0.4;
    const e = 1 - (1 - u) * (1 - u);
    return { x: from.ball.x + (out.x - from.ball.x) * e, y: from.ball.y + (out.y - from.ball.y) * e, h: Math.max(0, 2.5 * (1 - u) * Math.abs(Math.sin(Math.PI * 3 * u))) };
  }
  if (s < 0.78) return { x: out.x, y: out.y, h: 3 };
  const u = (s - 0.78) / 0.22;
  return { x: out.x + (to.ball.x - out.x) * u, y: out.y + (to.ball.y - out.y) * u, h: 3 + (to.ball.h - 3) * u + 4 * u * (1 - u) };
}
