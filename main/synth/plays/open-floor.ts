/**
 * Plays that are not set plays: transition (end to end), putback (miss, offensive rebound,
 * finish) and miscellaneous (a late-clock heave or a broken play ending in a forced shot).
 */
import { HALF_COURT_X, type Script, SPOTS } from '../script.js';
import { type Vec, add, toward, vec } from '../vec.js';
import { aftermath, bringUp, finish, jitter, spacing } from './common.js';

/** A defensive rebound at the far end, an outlet, and a sprint up the floor before the defence sets. */
export function transition(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  s.at(4, 0, vec(rng.range(76, 81), rng.range(-6, 6)));
  s.at(0, 0, vec(rng.range(66, 76), side * rng.range(4, 12)));
  s.at(1, 0, vec(rng.range(58, 72), side * rng.range(14, 20)));
  s.at(2, 0, vec(rng.range(58, 72), -side * rng.range(14, 20)));
  s.at(3, 0, vec(rng.range(72, 80), -side * rng.range(2, 8)));
  let go = 0;
  if (rng.chance(0.5)) {
    // The rebounder outlets to the guard.
    s.hold(4, 0, false);
    go = rng.range(0.3, 0.7);
    s.pass(4, 0, go, go + rng.range(0.4, 0.55));
    go += 0.5;
  } else {
    s.hold(0, 0);
  }
  s.hold(0, go + 0.1, true);
  const pullUp = rng.chance(0.15);
  const top = pullUp ? vec(rng.range(23, 26), side * rng.range(0, 6)) : vec(rng.range(14, 20), side * rng.range(0, 5));
  const speed = rng.range(19, 23);
  const atTop = s.run(0, go, [vec(rng.range(HALF_COURT_X - 4, HALF_COURT_X + 6), side * rng.range(0, 6)), top], speed);
  // Wings fill the lanes ahead of the ball; the trailer and the rebounder follow.
  const laneEnd = (sgn: number): Vec => vec(rng.range(6, 12), sgn * rng.range(15, 19));
  const wingArrive = [1, 2].map((role, i) => s.run(role, rng.range(0, 0.4), [laneEnd(i === 0 ? side : -side)], rng.range(19, 23)));
  s.run(3, rng.range(0.3, 0.8), [vec(rng.range(22, 28), -side * rng.range(2, 6))], rng.range(14, 17));
  s.run(4, go + 0.3, [vec(rng.range(34, 44), rng.range(-6, 6))], rng.range(10, 13));
  // The defence is still getting back: started near their men, running slower for a while.
  for (let i = 0; i < 5; i++) {
    const man = s.where(i, 0);
    s.defenderStart[i] = vec(man.x + rng.range(-14, 5), man.y + rng.range(-6, 6));
    s.slow(i, 0, rng.range(2, 3.5), rng.range(10, 14));
  }
  s.shotClockStart = 24;
  if (pullUp) {
    s.hold(0, atTop, false);
    aftermath(s, finish(s, 0, atTop + 0.1, 0.4), [3, 4]);
    return;
  }
  if (rng.chance(0.5)) {
    const arrive = s.run(0, atTop, [vec(rng.range(1.5, 3), side * rng.range(0, 2))], speed);
    s.hold(0, arrive, false);
    aftermath(s, finish(s, 0, arrive + 0.05, 0.7), [3]);
    return;
  }
  // The ahead pass to a wing, who lays it in.
  const wing = rng.int(1, 2);
  const rim = vec(rng.range(1.5, 3), rng.range(-2, 2));
  const cutAt = Math.max(atTop - 0.3, wingArrive[wing - 1]!);
  const arrive = s.run(wing, cutAt, [rim], rng.range(16, 20));
  const flight = rng.range(0.45, 0.6);
  s.pass(0, wing, Math.max(atTop, arrive - flight), Math.max(atTop, arrive - flight) + flight);
  const caught = Math.max(atTop, arrive - flight) + flight;
  s.at(wing, caught + 0.2, toward(rim, vec(0, 0), 1));
  aftermath(s, finish(s, wing, caught + 0.1, 0.75), [0]);
}

/** A jump shot misses; a big beats his man to the ball and puts it straight back up. */
export function putback(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const [w, c1, c2] = spacing(rng, side);
  const t1 = bringUp(s, jitter(rng, SPOTS.top, 2), [w, c1, c2, jitter(rng, SPOTS.block(-side), 1.5)]);
  const shooter = rng.int(0, 2);
  let shotAt = t1 + rng.range(0.2, 0.6);
  if (shooter !== 0) {
    const flight = rng.range(0.45, 0.6);
    s.pass(0, shooter, t1 + rng.range(0, 0.3), t1 + 0.3 + flight);
    shotAt = t1 + 0.3 + flight + rng.range(0.2, 0.5);
  }
  const rebounder = rng.pick([3, 4]);
  const flight = rng.range(0.9, 1.2);
  const airtime = rng.range(0.5, 0.7);
  const ball = vec(rng.range(2, 6), rng.range(-6, 6));
  // He reads the miss and arrives as the ball comes off the rim.
  const caught = shotAt + flight + airtime;
  const start = Math.max(s.keys[rebounder]!.at(-1)!.t, shotAt - 0.8);
  s.at(rebounder, start, s.where(rebounder, start));
  s.at(rebounder, start + (caught - start) * 0.6, jitter(rng, vec(6, side * 5), 2));
  s.at(rebounder, caught, ball);
  s.hold(shooter, shotAt - 0.2, false);
  s.shoot(shooter, shotAt, shotAt + flight, { made: false, rebound: ball, rebounder, airtime });
  s.clockResets.push({ t: caught, value: 14 });
  s.defenderGap[rebounder] = rng.range(3.5, 5);
  s.at(rebounder, caught + 0.35, toward(ball, vec(0, 0), 1.5));
  aftermath(s, finish(s, rebounder, caught + rng.range(0.15, 0.35), 0.8), [rebounder === 3 ? 4 : 3]);
}

/** Everything else: a late-clock heave from deep, or a deflected pass and a scramble. */
export function misc(s: Script): void {
  const rng = s.rng;
  const side = rng.sign();
  const others = spacing(rng, side).slice(0, 4);
  if (rng.chance(0.5)) {
    // The clock runs down while the handler dribbles around far out, then he throws it up.
    const t1 = bringUp(s, vec(rng.range(32, 40), side * rng.range(0, 10)), others);
    const wander = Array.from({ length: rng.int(2, 4) }, () => vec(rng.range(28, 44), rng.range(-14, 14)));
    const heave = s.run(0, t1, wander, rng.range(6, 10)) + 0.1;
    s.hold(0, heave - 0.3, false);
    s.shotClockStart = heave + rng.range(0.2, 0.9);
    s.shoot(0, heave, heave + rng.range(1.3, 1.7), rng.chance(0.1) ? { made: true } : { made: false, rebound: jitter(rng, vec(4, 0), 4) });
    aftermath(s, heave + 1.5, [3, 4]);
    return;
  }
  // A pass is tipped, the ball squirts loose, whoever gets there first throws up a bad shot.
  const t1 = bringUp(s, jitter(rng, SPOTS.top, 3), others);
  const receiver = rng.int(1, 2);
  const tipAt = t1 + rng.range(0.2, 1);
  const tip = add(s.where(0, tipAt), vec(rng.range(-6, -3), rng.range(-5, 5)));
  const rest = jitter(rng, add(tip, vec(rng.range(-4, 4), rng.range(-6, 6))), 1);
  s.ball.push({ kind: 'flight', t0: tipAt, t1: tipAt + 0.3, from: { role: 0 }, to: { at: tip, h: 1 }, apex: 0.5 });
  s.ball.push({ kind: 'loose', t0: tipAt + 0.3, t1: tipAt + 1.5, from: tip, to: rest, bounce: 1 });
  s.event('pass', tipAt, 0);
  const scrambler = rng.chance(0.5) ? receiver : 0;
  const got = s.run(scrambler, tipAt + 0.2, [rest], rng.range(14, 18));
  const grab = Math.max(got, tipAt + 1.5);
  s.hold(scrambler, grab, false);
  for (const role of [1, 2, 3, 4].filter((r) => r !== scrambler)) s.run(role, tipAt + 0.3, [jitter(rng, toward(s.where(role, tipAt), rest, 6), 1)], rng.range(8, 12));
  aftermath(s, finish(s, scrambler, grab + rng.range(0.3, 0.6), 0.3), [4]);
}
