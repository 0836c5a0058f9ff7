/**
 * Turns a Script into per-frame positions (still in the attack frame): offensive keyframes are
 * sampled and smoothed (players accelerate and round their corners), the ball follows its plan,
 * and the defence is simulated — each defender chases a spot between his man and the rim at a
 * limited speed, so screens and fast breaks leave him behind as they should.
 */
import { BASELINE_X, type BallEndpoint, type BallSegment, HAND_HEIGHT, type Script } from './script.js';
import { type Vec, add, dist, lerp, scale, sub, unit } from './vec.js';

export interface AttackFrame {
  /** Offence 0–4, then defenders 5–9 (defender 5 + i guards offensive player i). */
  bodies: Vec[];
  facing: Vec[];
  ball: { x: number; y: number; h: number };
  /** Who has the ball (0–4), or -1 while it is in the air or loose. */
  holder: number;
}

const RIM: Vec = { x: 0, y: 0 };
/** How far in front of a player's centre he carries the ball. */
const HAND_REACH = 1.0;

function sampleTrack(keys: readonly { t: number; p: Vec }[], times: readonly number[]): Vec[] {
  let i = 0;
  return times.map((t) => {
    while (i < keys.length - 1 && keys[i + 1]!.t < t) i++;
    const a = keys[i]!;
    const b = keys[Math.min(i + 1, keys.length - 1)]!;
    if (t <= a.t || b.t <= a.t) return t <= a.t ? a.p : b.p;
    return lerp(a.p, b.p, Math.min(1, (t - a.t) / (b.t - a.t)));
  });
}

/** Two passes of a centred moving average: a triangle filter, which turns corners into curves. */
function smooth(points: Vec[], radius: number): Vec[] {
  let out = points;
  for (let pass = 0; pass < 2; pass++) {
    const src = out;
    out = src.map((_, k) => {
      let sx = 0;
      let sy = 0;
      for (let j = -radius; j <= radius; j++) {
        const p = src[Math.min(src.length - 1, Math.max(0, k + j))]!;
        sx += p.x;
        sy += p.y;
      }
      return { x: sx / (2 * radius + 1), y: sy / (2 * radius + 1) };
    });
  }
  return out;
}

function activeSegment(segments: readonly BallSegment[], t: number): BallSegment | undefined {
  let found: BallSegment | undefined;
  for (const s of segments) if (s.t0 <= t) found = s;
  return found;
}

function endpoint(e: BallEndpoint, k: number, hands: readonly Vec[][]): { p: Vec; h: number } {
  if (!('role' in e)) return { p: e.at, h: e.h };
  const track = hands[e.role]!;
  return { p: track[Math.min(track.length - 1, Math.max(0, k))]!, h: HAND_HEIGHT };
}

function ballAt(segments: readonly BallSegment[], t: number, fps: number, hands: readonly Vec[][]): AttackFrame['ball'] & { holder: number } {
  const k = Math.round(t * fps);
  const seg = activeSegment(segments, t);
  if (!seg) return { ...hands[0]![k]!, h: HAND_HEIGHT, holder: 0 };
  if (seg.kind === 'hold') {
    // A dribble: the ball is at the hand, then the floor, about twice a second.
    const h = seg.dribble ? 0.4 + 2.8 * Math.abs(Math.cos(Math.PI * 2.1 * (t - seg.t0))) : HAND_HEIGHT;
    return { ...hands[seg.role]![k]!, h, holder: seg.role };
  }
  const kEnd = Math.min(hands[0]!.length - 1, Math.round(seg.t1 * fps));
  const s = Math.min(1, (t - seg.t0) / Math.max(1e-6, seg.t1 - seg.t0));
  if (seg.kind === 'loose') {
    const p = lerp(seg.from, seg.to, 1 - (1 - s) * (1 - s)); // rolling to a stop
    return { ...p, h: seg.bounce * (1 - s) * Math.abs(Math.sin(Math.PI * 3 * s)), holder: -1 };
  }
  const a = endpoint(seg.from, Math.round(seg.t0 * fps), hands);
  const b = endpoint(seg.to, kEnd, hands);
  const p = lerp(a.p, b.p, s);
  const holder = s >= 1 && 'role' in seg.to ? seg.to.role : -1;
  return { ...p, h: a.h + (b.h - a.h) * s + 4 * seg.apex * s * (1 - s), holder };
}

/** Facing for the offence: where he runs; with the ball and standing, at the rim; else at the ball. */
function offenceFacing(script: Script, bodies: Vec[][], holders: number[], ballBody: Vec[], fps: number): Vec[][] {
  return bodies.map((track, role) => {
    let f: Vec = unit(sub(RIM, track[0]!));
    return track.map((p, k) => {
      const t = k / fps;
      const v = scale(sub(track[Math.min(track.length - 1, k + 1)]!, track[Math.max(0, k - 1)]!), fps / 2);
      const speed = Math.hypot(v.x, v.y);
      let target: Vec;
      if (script.backToBasket.some((w) => w.role === role && t >= w.t0 && t <= w.t1)) target = unit(sub(p, RIM));
      else if (holders[k] === role) target = speed > 4 ? unit(v) : unit(sub(RIM, p));
      else target = speed > 7 ? unit(v) : unit(sub(ballBody[k]!, p), unit(sub(RIM, p)));
      f = unit(lerp(f, target, 0.3), target);
      return f;
    });
  });
}

/** Simulates the five defenders frame by frame, given the offence and the ball. */
function defend(script: Script, bodies: Vec[][], balls: Vec[], holders: number[], fps: number): { pos: Vec[][]; facing: Vec[][] } {
  const n = balls.length;
  const dt = 1 / fps;
  const pos: Vec[][] = [[], [], [], [], []];
  const facing: Vec[][] = [[], [], [], [], []];
  const vmax = Array.from({ length: 5 }, () => script.rng.range(15, 19));
  const spot = (i: number, k: number): Vec => {
    const man = bodies[i]![k]!;
    const toRim = dist(man, RIM);
    const gap = holders[k] === i ? script.defenderGap[i]! * 0.8 : script.defenderGap[i]! + 1.5;
    const goal = add(man, scale(unit(sub(RIM, man)), Math.min(gap, toRim * 0.6)));
    // Off the ball, help: lean a quarter of the way towards the ball.
    return holders[k] === i ? goal : lerp(goal, balls[k]!, 0.22);
  };
  for (let i = 0; i < 5; i++) {
    let p = script.defenderStart[i] ?? spot(i, 0);
    let v: Vec = { x: 0, y: 0 };
    let f = unit(sub(bodies[i]![0]!, p));
    for (let k = 0; k < n; k++) {
      const t = k * dt;
      const slow = script.slowdowns.find((s) => s.defender === i && t >= s.t0 && t <= s.t1);
      const cap = slow ? slow.speed : vmax[i]!;
      let want = scale(sub(spot(i, k), p), 5);
      const w = Math.hypot(want.x, want.y);
      if (w > cap) want = scale(want, cap / w);
      v = lerp(v, want, Math.min(1, dt * 8));
      p = add(p, scale(v, dt));
      p = { x: Math.max(BASELINE_X + 0.8, p.x), y: p.y };
      f = unit(lerp(f, unit(sub(bodies[i]![k]!, p), f), 0.25), f);
      pos[i]!.push(p);
      facing[i]!.push(f);
    }
  }
  return { pos, facing };
}

/** Plays the script at `fps`: one AttackFrame per frame over [0, duration). */
export function perform(script: Script, fps: number): AttackFrame[] {
  const n = Math.round(script.duration * fps);
  const times = Array.from({ length: n }, (_, k) => k / fps);
  const radius = Math.max(1, Math.round(0.12 * fps));
  const rng = script.rng;
  const bodies = script.keys.map((keys, role) => {
    if (keys.length === 0) throw new RangeError(`role ${role} never placed`);
    // A little sway: nobody on a court stands perfectly still.
    const amp = rng.range(0.2, 0.5);
    const [fx, fy, px, py] = [rng.range(0.3, 0.8), rng.range(0.3, 0.8), rng.range(0, 6.3), rng.range(0, 6.3)];
    return smooth(sampleTrack(keys, times), radius).map((p, k) => ({
      x: p.x + amp * Math.sin(fx * 2 * Math.PI * times[k]! + px),
      y: p.y + amp * Math.sin(fy * 2 * Math.PI * times[k]! + py),
    }));
  });
  // The ball twice: first from bodies (to know who faces where), then from the hands.
  const plan = [...script.ball].sort((a, b) => a.t0 - b.t0); // stable: same-time segments keep their order
  const first = times.map((t) => ballAt(plan, t, fps, bodies));
  const holders = first.map((b) => b.holder);
  const facing = offenceFacing(script, bodies, holders, first, fps);
  const hands = bodies.map((track, role) => track.map((p, k) => add(p, scale(facing[role]![k]!, HAND_REACH))));
  const balls = times.map((t) => ballAt(plan, t, fps, hands));
  const defence = defend(script, bodies, balls, holders, fps);
  return times.map((_, k) => ({
    bodies: [...bodies.map((b) => b[k]!), ...defence.pos.map((d) => d[k]!)],
    facing: [...facing.map((f) => f[k]!), ...defence.facing.map((f) => f[k]!)],
    ball: { x: balls[k]!.x, y: balls[k]!.y, h: balls[k]!.h },
    holder: balls[k]!.holder,
  }));
}
