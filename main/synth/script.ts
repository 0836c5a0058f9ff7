/**
 * How a choreography is written: keyframes for the five offensive players and a plan for the ball,
 * in the "attack frame" — feet, the attacked rim at (0, 0), x growing towards half court (which is
 * at x = 41.75), y across the floor (sidelines at ±25). Every play is written once, attacking the
 * same way; choreography.ts turns it to either basket and mirrors it.
 */
import type { Rng } from '../system/prng.js';
import { type Vec, dist } from './vec.js';

/** Rim height and the height a ball is held at, in feet. */
export const RIM_HEIGHT = 10;
export const HAND_HEIGHT = 3.5;
export const HALF_COURT_X = 41.75;
export const BASELINE_X = -5.25;

/** Named spots of the half court (attack frame); `side` is ±1 for the two halves of the floor. */
export const SPOTS = {
  rim: { x: 0.5, y: 0 },
  top: { x: 25, y: 0 },
  wing: (side: number) => ({ x: 19, y: 17 * side }),
  corner: (side: number) => ({ x: -2.5, y: 21.5 * side }),
  elbow: (side: number) => ({ x: 13.5, y: 8 * side }),
  block: (side: number) => ({ x: 1.5, y: 8.5 * side }),
  shortCorner: (side: number) => ({ x: -1, y: 13 * side }),
  slot: (side: number) => ({ x: 23, y: 9 * side }),
  backcourt: (side: number) => ({ x: 60, y: 12 * side }),
};

export type BallEndpoint = { role: number } | { at: Vec; h: number };

export type BallSegment =
  | { kind: 'hold'; t0: number; role: number; dribble: boolean }
  | { kind: 'flight'; t0: number; t1: number; from: BallEndpoint; to: BallEndpoint; apex: number }
  /** A ball nobody has: rolling from `from` to `to`, bouncing lower and lower. */
  | { kind: 'loose'; t0: number; t1: number; from: Vec; to: Vec; bounce: number };

export type PlayEventKind = 'pass' | 'catch' | 'handoff' | 'screen' | 'shot' | 'make' | 'miss' | 'rebound' | 'drive';

export interface ScriptEvent {
  kind: PlayEventKind;
  t: number;
  role: number;
}

interface Key {
  t: number;
  p: Vec;
}

/** A builder for one play. Times are seconds from the play's start. */
export class Script {
  readonly keys: Key[][] = [[], [], [], [], []];
  readonly ball: BallSegment[] = [];
  readonly events: ScriptEvent[] = [];
  /** Defender slow-downs: caught on a screen, or still getting back in transition. */
  readonly slowdowns: { defender: number; t0: number; t1: number; speed: number }[] = [];
  /** Windows in which a player faces away from the rim (a post-up). */
  readonly backToBasket: { role: number; t0: number; t1: number }[] = [];
  /** Where each defender starts, when not already in front of his man. */
  readonly defenderStart: (Vec | undefined)[] = [];
  /** Per-defender gap to his man, in feet (a sagging big, a tight on-ball defender). */
  readonly defenderGap: number[];
  duration = 0;
  /** Shot clock when the play starts: most half-court plays begin a few seconds into it. */
  shotClockStart: number;
  /** Shot-clock resets within the play (an offensive rebound sets it to 14). */
  readonly clockResets: { t: number; value: number }[] = [];
  /** The offensive player credited with the play (the one who shot, or the last to touch). */
  finisher = 0;

  constructor(readonly rng: Rng) {
    this.defenderGap = Array.from({ length: 5 }, () => rng.range(3, 5.5));
    this.shotClockStart = rng.range(16, 22);
  }

  /** Role is at p at time t, moving in a straight line from its previous key. */
  at(role: number, t: number, p: Vec): this {
    const track = this.keys[role]!;
    const last = track.at(-1);
    if (last && t < last.t) throw new RangeError(`keys for role ${role} go back in time (${t} < ${last.t})`);
    track.push({ t, p });
    return this;
  }

  /** Role runs through the points from t0, at `speed` feet per second; returns the arrival time. */
  run(role: number, t0: number, points: readonly Vec[], speed: number): number {
    let t = t0;
    let prev = this.where(role, t0);
    this.at(role, t0, prev);
    for (const p of points) {
      t += Math.max(0.05, dist(prev, p) / speed);
      this.at(role, t, p);
      prev = p;
    }
    return t;
  }

  /** Where role's keys put it at time t (before smoothing), for planning the next move. */
  where(role: number, t: number): Vec {
    const track = this.keys[role]!;
    if (track.length === 0) throw new RangeError(`role ${role} has no position yet`);
    if (t <= track[0]!.t) return track[0]!.p;
    for (let i = 1; i < track.length; i++) {
      const a = track[i - 1]!;
      const b = track[i]!;
      if (t <= b.t) {
        const s = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
        return { x: a.p.x + (b.p.x - a.p.x) * s, y: a.p.y + (b.p.y - a.p.y) * s };
      }
    }
    return track.at(-1)!.p;
  }

  hold(role: number, t0: number, dribble = true): this {
    this.ball.push({ kind: 'hold', t0, role, dribble });
    return this;
  }

  /** A pass arriving at t1; the receiver holds it afterwards. */
  pass(from: number, to: number, t0: number, t1: number, kind: 'pass' | 'handoff' = 'pass'): this {
    this.ball.push({ kind: 'flight', t0, t1, from: { role: from }, to: { role: to }, apex: kind === 'handoff' ? 0.2 : this.rng.range(0.5, 2.5) });
    this.events.push({ kind, t: t0, role: from }, { kind: 'catch', t: t1, role: to });
    return this.hold(to, t1, false);
  }

  /**
   * A shot released at t0 reaching the rim at t1. Made: it drops through and rolls away. Missed:
   * it comes off the rim to `rebound` (caught there by `rebounder` if given). Returns when the ball
   * has settled.
   */
  shoot(role: number, t0: number, t1: number, outcome: { made: true } | { made: false; rebound: Vec; rebounder?: number; airtime?: number }): number {
    const rim = { at: { x: 0, y: 0 }, h: RIM_HEIGHT };
    const far = dist(this.where(role, t0), { x: 0, y: 0 });
    this.ball.push({ kind: 'flight', t0, t1, from: { role }, to: rim, apex: Math.min(6, 1.5 + far * 0.2) });
    this.events.push({ kind: 'shot', t: t0, role });
    this.finisher = role;
    if (outcome.made) {
      const landing = { x: this.rng.range(-1.5, -0.5), y: this.rng.range(-1, 1) };
      this.ball.push({ kind: 'flight', t0: t1, t1: t1 + 0.35, from: rim, to: { at: landing, h: 0 }, apex: 0 });
      this.ball.push({ kind: 'loose', t0: t1 + 0.35, t1: t1 + 1.6, from: landing, to: { x: -4.5, y: landing.y + this.rng.range(-4, 4) }, bounce: 2.5 });
      this.events.push({ kind: 'make', t: t1, role });
      return t1 + 0.35;
    }
    const airtime = outcome.airtime ?? this.rng.range(0.5, 0.8);
    this.events.push({ kind: 'miss', t: t1, role });
    if (outcome.rebounder !== undefined) {
      this.ball.push({ kind: 'flight', t0: t1, t1: t1 + airtime, from: rim, to: { role: outcome.rebounder }, apex: 2 });
      this.events.push({ kind: 'rebound', t: t1 + airtime, role: outcome.rebounder });
      this.hold(outcome.rebounder, t1 + airtime, false);
    } else {
      this.ball.push({ kind: 'flight', t0: t1, t1: t1 + airtime, from: rim, to: { at: outcome.rebound, h: 0 }, apex: 2 });
      this.ball.push({ kind: 'loose', t0: t1 + airtime, t1: t1 + airtime + 1.2, from: outcome.rebound, to: { x: outcome.rebound.x + this.rng.range(-3, 3), y: outcome.rebound.y + this.rng.range(-3, 3) }, bounce: 3 });
    }
    return t1 + airtime;
  }

  /** The defender of `role` is held up (by a screen) from t0 to t1. */
  slow(role: number, t0: number, t1: number, speed = 3): this {
    this.slowdowns.push({ defender: role, t0, t1, speed });
    return this;
  }

  event(kind: PlayEventKind, t: number, role: number): this {
    this.events.push({ kind, t, role });
    return this;
  }

  /** The play ends at t: every track holds its last key until then. */
  end(t: number): this {
    this.duration = t;
    return this;
  }
}
