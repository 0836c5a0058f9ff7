/** 2-D points in feet. Choreographies work in the "attack frame" (see script.ts). */
export interface Vec {
  readonly x: number;
  readonly y: number;
}

export const vec = (x: number, y: number): Vec => ({ x, y });
export const add = (a: Vec, b: Vec): Vec => ({ x: a.x + b.x, y: a.y + b.y });
export const sub = (a: Vec, b: Vec): Vec => ({ x: a.x - b.x, y: a.y - b.y });
export const scale = (a: Vec, k: number): Vec => ({ x: a.x * k, y: a.y * k });
export const lerp = (a: Vec, b: Vec, t: number): Vec => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
export const dist = (a: Vec, b: Vec): number => Math.hypot(a.x - b.x, a.y - b.y);
export const len = (a: Vec): number => Math.hypot(a.x, a.y);

/** The unit vector along a, or `fallback` when a is (nearly) zero. */
export function unit(a: Vec, fallback: Vec = { x: 1, y: 0 }): Vec {
  const l = len(a);
  return l < 1e-6 ? fallback : { x: a.x / l, y: a.y / l };
}

/** The point `d` feet from `from` towards `to` (or `to` itself when closer). */
export function toward(from: Vec, to: Vec, d: number): Vec {
  const l = dist(from, to);
  return l <= d ? to : lerp(from, to, d / l);
}
