/**
 * Half-court plays without a screen: isolation, post-up, spot-up and cut. Each is written attacking
 * the rim at (0, 0) (see script.ts); `side` (±1) is the ball side of the floor.
 */
import { type Script, SPOTS } from '../script.js';
import { add, scale, sub, toward, unit, vec } from '../vec.js';
import { aftermath, bringUp, finish, jitter } from './common.js';

/** One player sizes up his man and goes one-on-one while the other four clear to the perimeter. */
export function isolation(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const atTop = rng.chance(0.4);
  const spot = jitter(rng, atTop ? SPOTS.top : SPOTS.wing(side), 1.5);
  const clear = atTop
    ? [SPOTS.corner(side), SPOTS.corner(-side), SPOTS.wing(-side), SPOTS.wing(side)]
    : [SPOTS.corner(side), SPOTS.corner(-side), SPOTS.wing(-side), SPOTS.slot(-side)];
  const t1 = bringUp(s, spot, clear.map((p) => jitter(rng, p, 1)));
  s.defenderGap[0] = rng.range(2.6, 3.4);
  // Jab steps and crossovers in front of his man.
  let t = t1;
  for (let i = rng.int(2, 4); i > 0; i--) t = s.run(0, t + rng.range(0, 0.3), [jitter(rng, spot, 2.5)], rng.range(5, 9));
  s.event('drive', t, 0);
  const pullUp = rng.chance(0.3);
  const lane = vec(rng.range(7, 11), side * rng.range(0, 5));
  const stop = pullUp ? vec(rng.range(10, 15), side * rng.range(-6, 6)) : vec(rng.range(1.5, 3), side * rng.range(-1.5, 1.5));
  const arrive = s.run(0, t, pullUp ? [stop] : [lane, stop], rng.range(15, 20));
  aftermath(s, finish(s, 0, arrive + (pullUp ? 0.15 : 0.05)), [3, 4]);
}

/** The ball goes to a big on the block; he works with his back to the basket, then turns and shoots. */
export function postUp(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const wing = jitter(rng, SPOTS.wing(side), 1.5);
  const t1 = bringUp(s, wing, [SPOTS.top, SPOTS.corner(-side), SPOTS.wing(-side), undefined].map((p) => p && jitter(rng, p, 1.5)));
  const block = jitter(rng, SPOTS.block(side), 1);
  s.at(4, 0, jitter(rng, SPOTS.elbow(-side), 2));
  const sealed = s.run(4, rng.range(0.2, 0.8), [block], rng.range(8, 12));
  s.defenderGap[4] = rng.range(2, 2.8);
  const passAt = Math.max(t1, sealed) + rng.range(0.2, 0.6);
  const caught = passAt + rng.range(0.45, 0.6);
  s.pass(0, 4, passAt, caught);
  // The passer stays outside or drops to the corner, keeping the floor spaced for the post.
  s.run(0, caught + 0.2, [jitter(rng, rng.chance(0.5) ? SPOTS.corner(side) : wing, 1.5)], rng.range(7, 10));
  // Backing down: a dribble and a few hard steps towards the rim.
  s.hold(4, caught + 0.3, true);
  const work = rng.range(1.6, 3.4);
  s.at(4, caught + 0.3, block);
  s.at(4, caught + 0.3 + work, toward(block, vec(0, 0), rng.range(1.5, 3.5)));
  const turn = caught + 0.3 + work;
  s.backToBasket.push({ role: 4, t0: sealed - 0.3, t1: turn });
  const shotFrom = add(s.where(4, turn), scale(vec(rng.range(-0.5, 1), -side), rng.range(0.5, 2)));
  s.at(4, turn + 0.3, shotFrom);
  s.hold(4, turn, false);
  aftermath(s, finish(s, 4, turn + 0.35, 0.55), [3]);
}

/** Drive and kick: the handler draws help in the lane and passes out to a stationary shooter. */
export function spotUp(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const spots = [SPOTS.wing(side), SPOTS.corner(-side), SPOTS.corner(side), SPOTS.wing(-side)].map((p) => jitter(rng, p, 1.5));
  const t1 = bringUp(s, jitter(rng, rng.chance(0.5) ? SPOTS.top : SPOTS.slot(side), 2), spots);
  const shooter = rng.int(1, 4);
  s.defenderGap[shooter] = rng.range(8, 11); // his man sags into the lane to help
  const lane = vec(rng.range(6, 11), side * rng.range(0, 5));
  s.event('drive', t1 + 0.1, 0);
  const inLane = s.run(0, t1 + rng.range(0.1, 0.9), [lane], rng.range(14, 19));
  const flight = rng.range(0.5, 0.75);
  s.pass(0, shooter, inLane - 0.1, inLane - 0.1 + flight);
  const caught = inLane - 0.1 + flight;
  s.run(0, inLane + 0.2, [jitter(rng, SPOTS.shortCorner(side), 2)], rng.range(6, 10));
  if (rng.chance(0.75)) {
    aftermath(s, finish(s, shooter, caught + rng.range(0.25, 0.5), 0.4), [4]);
    return;
  }
  // Catch, one hard dribble past the closeout, pull up.
  const here = s.where(shooter, caught);
  s.hold(shooter, caught + 0.2, true);
  const pull = s.run(shooter, caught + 0.2, [toward(here, vec(0, 0), rng.range(5, 8))], rng.range(12, 16));
  s.hold(shooter, pull, false);
  aftermath(s, finish(s, shooter, pull + 0.1, 0.45), [4]);
}

/** An off-ball player jabs away, then cuts hard to the rim and finishes off the pass. */
export function cut(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const cutter = 2;
  const fromCorner = rng.chance(0.35);
  const cutterSpot = jitter(rng, fromCorner ? SPOTS.corner(-side) : SPOTS.wing(-side), 1.5);
  const t1 = bringUp(s, jitter(rng, rng.chance(0.6) ? SPOTS.wing(side) : SPOTS.slot(side), 1.5), [
    jitter(rng, SPOTS.corner(side), 1.5),
    cutterSpot,
    jitter(rng, fromCorner ? SPOTS.wing(-side) : SPOTS.corner(-side), 1.5),
    jitter(rng, SPOTS.top, 2),
  ]);
  // The jab: a step away from the rim sells the defender, then the sprint.
  const jabAt = Math.max(t1, s.keys[cutter]!.at(-1)!.t) + rng.range(0.2, 1.2);
  const away = add(cutterSpot, scale(unit(sub(cutterSpot, vec(0, 0))), rng.range(2, 3.5)));
  const jabbed = s.run(cutter, jabAt, [away], rng.range(6, 9));
  const rim = vec(rng.range(1.5, 3.5), side * rng.range(-2, 1));
  const lane = fromCorner ? vec(rng.range(1, 3), -side * rng.range(5, 8)) : vec(rng.range(8, 12), -side * rng.range(2, 5));
  s.event('drive', jabbed, cutter);
  const arrive = s.run(cutter, jabbed + 0.1, [lane, rim], rng.range(17, 21));
  s.slow(cutter, jabbed, arrive, rng.range(6, 9)); // his man was watching the ball
  const flight = rng.range(0.5, 0.65);
  s.pass(0, cutter, arrive - flight, arrive);
  s.at(cutter, arrive + 0.35, toward(rim, vec(0, 0), 1));
  s.hold(cutter, arrive, false);
  aftermath(s, finish(s, cutter, arrive + rng.range(0.1, 0.2), 0.75), [4]);
}
