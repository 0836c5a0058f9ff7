/** Building blocks shared by the choreographies: spots with jitter, the bring-up, the finish. */
import type { Rng } from '../../system/prng.js';
import { HALF_COURT_X, type Script, SPOTS } from '../script.js';
import { type Vec, add, dist, sub, toward, unit, vec } from '../vec.js';

/** p moved by up to r feet in each direction: no two possessions start from the same spots. */
export function jitter(rng: Rng, p: Vec, r = 1.5): Vec {
  return { x: p.x + rng.range(-r, r), y: p.y + rng.range(-r, r) };
}

/** Perpendicular to the line from p to the rim, pointing to `side` (±1) of the floor. */
export function across(p: Vec, side: number): Vec {
  const d = unit(sub({ x: 0, y: 0 }, p));
  const perp = { x: -d.y, y: d.x };
  return perp.y * side >= 0 ? perp : { x: -perp.x, y: -perp.y };
}

/**
 * The usual start of a half-court play: the handler dribbles the ball over half court to `spot`
 * while the others drift into their spots from a few feet away. Returns when everyone is set.
 */
export function bringUp(s: Script, spot: Vec, others: readonly (Vec | undefined)[], speed = s.rng.range(9, 14)): number {
  const rng = s.rng;
  s.at(0, 0, vec(rng.range(HALF_COURT_X - 6, HALF_COURT_X + 3), spot.y + rng.range(-8, 8)));
  s.hold(0, 0);
  const arrive = s.run(0, rng.range(0, 0.4), [spot], speed);
  others.forEach((target, i) => {
    if (!target) return;
    const role = i + 1;
    // Teammates come from further out and the ball side, and reach their spots about when he does.
    const start = jitter(rng, add(target, vec(rng.range(3, 10), rng.range(-4, 4))), 1);
    s.at(role, 0, start);
    s.at(role, Math.max(0.6, arrive + rng.range(-0.6, 0.4)), target);
  });
  return arrive;
}

/** A shot from where `role` stands at t (a layup near the rim, a jumper further out), then the end. */
export function finish(s: Script, role: number, t: number, madeChance = 0.6): number {
  const rng = s.rng;
  const far = dist(s.where(role, t), { x: 0, y: 0 });
  const flight = far < 6 ? rng.range(0.35, 0.5) : rng.range(0.8, 1.2);
  const made = rng.chance(madeChance);
  const settled = made
    ? s.shoot(role, t, t + flight, { made: true })
    : s.shoot(role, t, t + flight, { made: false, rebound: jitter(rng, vec(rng.range(3, 9), rng.range(-8, 8)), 1) });
  return settled;
}

/** After the shot: a few players crash the boards, the rest hold; the play ends shortly after. */
export function aftermath(s: Script, t: number, crashers: readonly number[]): number {
  const rng = s.rng;
  const lastKey = Math.max(...s.keys.map((k) => k.at(-1)?.t ?? 0));
  const end = Math.max(t + rng.range(0.7, 1.3), lastKey + 0.4);
  for (let role = 0; role < 5; role++) {
    const here = s.where(role, Number.POSITIVE_INFINITY);
    s.at(role, Math.max(s.keys[role]!.at(-1)!.t, t - 0.2), here);
    // Crashers head for the rim, but only as far as a hard run takes them before the play ends.
    const from = s.keys[role]!.at(-1)!.t;
    const crash = toward(here, jitter(rng, vec(rng.range(2, 7), here.y * 0.4), 2), 15 * (end - from));
    s.at(role, end, crashers.includes(role) ? crash : jitter(rng, here, 1));
  }
  s.end(end);
  return end;
}

/** Places `role` at p from time 0 (a player who stays put until told otherwise). */
export function stand(s: Script, role: number, p: Vec): void {
  s.at(role, 0, p);
}

/** Perimeter spots for spacing, in an order that fills the floor around a ball on `side`. */
export function spacing(rng: Rng, side: number): Vec[] {
  return [SPOTS.wing(side), SPOTS.corner(-side), SPOTS.corner(side), SPOTS.wing(-side), SPOTS.slot(-side)].map((p) => jitter(rng, p, 1.5));
}
