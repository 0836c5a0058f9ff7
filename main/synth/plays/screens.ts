/**
 * Plays built on a screen or a handoff: pick & roll (ball handler, roll man), handoff, off screen.
 * Written attacking the rim at (0, 0); `side` (±1) is the way the action goes.
 */
import { type Script, SPOTS } from '../script.js';
import { type Vec, add, scale, sub, toward, unit, vec } from '../vec.js';
import { across, aftermath, bringUp, finish, jitter } from './common.js';

/** The big (4) comes up and sets a ball screen on the handler's man; returns where and when. */
function ballScreen(s: Script, side: number): { spot: Vec; screen: Vec; set: number } {
  const rng = s.rng;
  const spot = vec(rng.range(24, 29), side * rng.range(-2, 7));
  const t1 = bringUp(s, spot, [SPOTS.corner(side), SPOTS.corner(-side), SPOTS.wing(-side), undefined].map((p) => p && jitter(rng, p, 1.5)));
  // Between the handler and the rim, on the side he will go: where his defender stands.
  const screen = add(add(spot, scale(unit(sub(vec(0, 0), spot)), rng.range(2.2, 2.8))), scale(across(spot, side), rng.range(1.8, 2.4)));
  s.at(4, 0, jitter(rng, rng.chance(0.5) ? SPOTS.elbow(-side) : SPOTS.block(-side), 1.5));
  const set = s.run(4, Math.max(0.3, t1 - rng.range(0.4, 1.2)), [screen], rng.range(10, 14));
  const ready = Math.max(set, t1) + rng.range(0.3, 0.7);
  s.at(4, ready, screen);
  s.at(0, ready, s.where(0, ready));
  s.event('screen', ready, 4);
  return { spot, screen, set: ready };
}

/** Pick & roll, ball handler: he turns the corner off the screen and finishes himself. */
export function prBallHandler(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const { spot, screen, set } = ballScreen(s, side);
  const corner = add(add(spot, scale(across(spot, side), rng.range(5, 6.5))), scale(unit(sub(vec(0, 0), spot)), rng.range(1.5, 3)));
  const lane = vec(rng.range(8, 12), side * rng.range(1, 5));
  const pullUp = rng.chance(0.35);
  const stop = pullUp ? lane : vec(rng.range(1.5, 3), side * rng.range(0, 2));
  s.event('drive', set, 0);
  const arrive = s.run(0, set, pullUp ? [corner, stop] : [corner, lane, stop], rng.range(14, 18));
  s.slow(0, set - 0.2, set + rng.range(1, 1.5), rng.range(2, 4)); // his man is caught on the screen
  // The screener rolls a few feet or pops out: either way he is not the one who finishes.
  const after = rng.chance(0.5) ? toward(screen, vec(0, 0), rng.range(3, 6)) : jitter(rng, vec(22, -side * 8), 2);
  s.run(4, set + 0.4, [after], rng.range(7, 10));
  s.hold(0, arrive, false);
  aftermath(s, finish(s, 0, arrive + 0.1, 0.55), [4]);
}

/** Pick & roll, roll man: the handler draws two, the screener rolls (or pops) and gets the pass. */
export function prRollMan(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const { spot, set } = ballScreen(s, side);
  const off = add(add(spot, scale(across(spot, side), rng.range(5, 7))), scale(unit(sub(vec(0, 0), spot)), rng.range(3, 6)));
  s.run(0, set, [off], rng.range(11, 14));
  s.slow(0, set - 0.2, set + 1, rng.range(2, 4));
  const pop = rng.chance(0.3);
  const target = pop ? jitter(rng, vec(21.5, -side * 9), 1.5) : vec(rng.range(1.5, 3.5), rng.range(-2, 2));
  const rollFrom = set + rng.range(0.25, 0.45);
  s.event('drive', rollFrom, 4);
  const arrive = s.run(4, rollFrom, [target], pop ? rng.range(9, 12) : rng.range(13, 17));
  s.slow(4, set, arrive, rng.range(5, 8)); // his man hedged on the handler
  const flight = rng.range(0.45, 0.6);
  s.pass(0, 4, arrive - flight + (pop ? 0.15 : 0), arrive + (pop ? 0.15 : 0));
  s.at(0, arrive + 0.5, s.where(0, arrive));
  const caught = arrive + (pop ? 0.15 : 0);
  s.at(4, caught + 0.3, pop ? target : toward(target, vec(0, 0), 1));
  aftermath(s, finish(s, 4, caught + (pop ? rng.range(0.3, 0.5) : rng.range(0.08, 0.2)), 0.65), [3]);
}

/** Handoff: the big holds the ball out high; a guard runs past him, takes it and attacks. */
export function handoff(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const big = vec(rng.range(23, 27), side * rng.range(2, 9));
  const t1 = bringUp(s, jitter(rng, vec(27, -side * 8), 2), [undefined, SPOTS.corner(-side), SPOTS.corner(side), undefined].map((p) => p && jitter(rng, p, 1.5)));
  s.at(4, 0, jitter(rng, SPOTS.elbow(side), 1.5));
  const up = s.run(4, rng.range(0.2, 0.8), [big], rng.range(8, 11));
  const passAt = Math.max(t1, up) + rng.range(0.1, 0.4);
  s.pass(0, 4, passAt, passAt + rng.range(0.4, 0.55));
  s.run(0, passAt + 0.3, [jitter(rng, SPOTS.wing(-side), 1.5)], rng.range(7, 10));
  // The receiver starts on the wing and comes at the big; the exchange happens as he passes by.
  const start = jitter(rng, SPOTS.wing(side), 1.5);
  s.at(1, 0, start);
  const dir = unit(sub(big, start));
  const rimSide = unit(sub(vec(0, 0), big));
  const by = add(big, scale(rimSide, rng.range(1.8, 2.4)));
  const go = passAt + rng.range(0.4, 0.9);
  const meet = s.run(1, go, [by], rng.range(13, 17));
  s.at(4, meet - 0.6, big);
  s.at(4, meet, toward(big, start, rng.range(0.5, 1.5))); // a step into the handoff
  s.pass(4, 1, meet - 0.15, meet, 'handoff');
  s.slow(1, meet - 0.2, meet + 1, rng.range(2, 5)); // the big's body screens his man
  const beyond = add(by, scale(dir, rng.range(4, 7)));
  const pullUp = rng.chance(0.4);
  const stop = pullUp ? vec(rng.range(12, 17), -side * rng.range(0, 6)) : vec(rng.range(1.5, 3), rng.range(-1.5, 1.5));
  s.hold(1, meet + 0.1, true);
  const arrive = s.run(1, meet, [beyond, stop], rng.range(14, 18));
  s.run(4, meet + 0.3, [toward(big, vec(0, 0), rng.range(3, 6))], 6);
  s.hold(1, arrive, false);
  aftermath(s, finish(s, 1, arrive + 0.1, 0.55), [4]);
}

/** Off screen: a shooter comes off a down screen (or a flare) away from the ball and catches. */
export function offScreen(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const flare = rng.chance(0.3);
  const t1 = bringUp(s, jitter(rng, SPOTS.slot(side), 1.5), [undefined, SPOTS.corner(side), undefined, SPOTS.shortCorner(side)].map((p) => p && jitter(rng, p, 1.5)));
  const shooterStart = flare ? vec(rng.range(22, 26), -side * rng.range(2, 6)) : vec(rng.range(0, 3), -side * rng.range(6, 9));
  const screen = flare ? vec(rng.range(18, 21), -side * rng.range(8, 11)) : vec(rng.range(7, 10), -side * rng.range(11, 14));
  const catchAt = flare ? vec(rng.range(6, 14), -side * rng.range(19, 22)) : vec(rng.range(17, 22), -side * rng.range(14, 18));
  s.at(1, 0, shooterStart);
  s.at(3, 0, jitter(rng, flare ? vec(14, -side * 14) : vec(17, -side * 12), 1.5));
  const set = Math.max(t1 - 0.3, s.run(3, rng.range(0.2, 0.6), [screen], rng.range(8, 11)));
  s.event('screen', set, 3);
  s.at(3, set + 0.8, screen);
  // He brushes past the screener's shoulder, on the side away from the sideline.
  const path = unit(sub(catchAt, shooterStart));
  let normal = { x: -path.y, y: path.x };
  if (normal.y * side < 0) normal = scale(normal, -1);
  const brush = add(screen, scale(normal, rng.range(2.6, 3.2)));
  const go = set + rng.range(0.1, 0.4);
  s.event('drive', go, 1);
  const arrive = s.run(1, go, [brush, catchAt], rng.range(14, 18));
  s.slow(1, go, arrive, rng.range(4, 7));
  s.run(3, set + 0.9, [toward(screen, vec(0, 0), rng.range(2, 5))], 6);
  const flight = rng.range(0.6, 0.8);
  s.pass(0, 1, arrive - flight + 0.1, arrive + 0.1);
  aftermath(s, finish(s, 1, arrive + rng.range(0.35, 0.55), 0.45), [4]);
}
