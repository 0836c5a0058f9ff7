import { describe, expect, it } from 'vitest';
import { type Choreography, PLAY_TYPE_IDS, type SynthPlayType, choreograph } from '../../../main/synth/choreography.js';
import { createRng } from '../../../main/system/prng.js';

const FPS = 25;
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
type P = { x: number; y: number };

const play = (type: SynthPlayType, seed: number, attackRight = seed % 2 === 0) => choreograph(type, createRng(seed), { fps: FPS, attackRight });
const rimOf = (c: Choreography): P => ({ x: c.attackRight ? 88.75 : 5.25, y: 25 });
const dist = (a: P, b: P) => Math.hypot(a.x - b.x, a.y - b.y);
const at = (c: Choreography, frame: number, role: number) => c.frames[frame]!.players[role]!;
const events = (c: Choreography, kind: string) => c.events.filter((e) => e.kind === kind);
const only = (c: Choreography, kind: string) => {
  const found = events(c, kind);
  expect(found.length, `${c.playType}: one ${kind} event`).toBeGreaterThanOrEqual(1);
  return found[0]!;
};
const lastShot = (c: Choreography) => events(c, 'shot').at(-1)!;
/** Every seed's play of a type. */
const all = (type: SynthPlayType) => SEEDS.map((seed) => play(type, seed));

describe('play choreographies: every type', () => {
  it.each(PLAY_TYPE_IDS)('%s lasts 4–12 s, keeps everyone on the court and moves nobody impossibly fast', (type) => {
    for (const c of all(type)) {
      const seconds = c.frames.length / FPS;
      expect(seconds).toBeGreaterThanOrEqual(4);
      expect(seconds).toBeLessThanOrEqual(12);
      // Collected, then checked once: an expect per player per frame would take seconds.
      const problems: string[] = [];
      c.frames.forEach((f, k) => {
        if (f.players.length !== 10) problems.push(`frame ${k}: ${f.players.length} players`);
        f.players.forEach((p, i) => {
          if (!(p.x >= 0 && p.x <= 94 && p.y >= 0 && p.y <= 50)) problems.push(`frame ${k}: player ${i} off the court at ${p.x},${p.y}`);
          if (Math.abs(Math.hypot(p.fx, p.fy) - 1) > 1e-6) problems.push(`frame ${k}: player ${i} facing is not a unit vector`);
          // 30 ft/s is faster than any sprint; the ball can go 75 ft/s (a hard pass).
          const prev = c.frames[k - 1]?.players[i];
          if (prev && dist(p, prev) > 30 / FPS) problems.push(`frame ${k}: player ${i} moved ${(dist(p, prev) * FPS).toFixed(1)} ft/s`);
        });
        const prevBall = c.frames[k - 1]?.ball;
        if (prevBall && dist(f.ball, prevBall) > 75 / FPS) problems.push(`frame ${k}: ball moved ${(dist(f.ball, prevBall) * FPS).toFixed(1)} ft/s`);
      });
      expect(problems, `${type}, attacking ${c.attackRight ? 'right' : 'left'}`).toEqual([]);
      // Every play ends in a shot by its finisher, on the half the offence attacks.
      const shot = lastShot(c);
      expect(shot.role).toBe(c.finisher);
      expect(Math.abs(at(c, shot.frame, shot.role).x - rimOf(c).x)).toBeLessThan(47);
    }
  });

  it.each(PLAY_TYPE_IDS)('%s is a pure function of its seed, and each seed gives a different play', (type) => {
    expect(play(type, 11)).toEqual(play(type, 11));
    expect(play(type, 11).frames).not.toEqual(play(type, 12).frames);
  });

  it('attacks the basket it is told to, and mirrors at random', () => {
    const plays = all('Isolation');
    expect(new Set(plays.map((c) => c.mirrored))).toEqual(new Set([true, false]));
    for (const attackRight of [true, false]) {
      const c = play('Cut', 3, attackRight);
      expect(c.attackRight).toBe(attackRight);
      expect(dist(at(c, lastShot(c).frame, c.finisher), rimOf(c))).toBeLessThan(8);
    }
  });

  it('rejects an unknown play type', () => {
    expect(() => choreograph('Alley-oop' as SynthPlayType, createRng(1), { fps: FPS, attackRight: true })).toThrow(/unknown play type/);
  });
});

describe('play choreographies: what each type shows', () => {
  it('transition: the ball starts beyond half court and crosses it within a few seconds', () => {
    for (const c of all('Transition')) {
      const rim = rimOf(c);
      expect(Math.abs(c.frames[0]!.ball.x - rim.x)).toBeGreaterThan(47 - 5.25);
      const crossed = c.frames.findIndex((f) => Math.abs(f.ball.x - rim.x) < 47 - 5.25);
      expect(crossed).toBeGreaterThan(0);
      expect(crossed / FPS).toBeLessThan(4);
      expect(dist(at(c, lastShot(c).frame, c.finisher), rim)).toBeLessThan(30);
    }
  });

  it('isolation: the four teammates are out on the perimeter, away from the driver, when he goes', () => {
    for (const c of all('Isolation')) {
      const drive = only(c, 'drive');
      for (const role of [1, 2, 3, 4]) {
        expect(dist(at(c, drive.frame, role), rimOf(c))).toBeGreaterThan(17);
        expect(dist(at(c, drive.frame, role), at(c, drive.frame, 0))).toBeGreaterThan(9);
      }
      expect(c.finisher).toBe(0);
    }
  });

  it('pick & roll, ball handler: the screener comes to the handler, who then shoots himself', () => {
    for (const c of all('PRBallHandler')) {
      const screen = only(c, 'screen');
      expect(screen.role).toBe(4);
      expect(dist(at(c, screen.frame, 4), at(c, screen.frame, 0))).toBeLessThan(4.5);
      expect(c.finisher).toBe(0);
      expect(lastShot(c).frame).toBeGreaterThan(screen.frame);
      expect(events(c, 'catch').filter((e) => e.frame > screen.frame)).toEqual([]);
    }
  });

  it('pick & roll, roll man: after the screen the screener rolls (or pops), catches the pass and shoots', () => {
    const kinds = new Set<string>();
    for (const c of all('PRRollman')) {
      const screen = only(c, 'screen');
      expect(dist(at(c, screen.frame, 4), at(c, screen.frame, 0))).toBeLessThan(4.5);
      const pass = events(c, 'pass').find((e) => e.frame > screen.frame)!;
      const caught = events(c, 'catch').find((e) => e.frame > screen.frame)!;
      expect([pass.role, caught.role, c.finisher]).toEqual([0, 4, 4]);
      const fromRim = dist(at(c, caught.frame, 4), rimOf(c));
      expect(fromRim < 7 || fromRim > 17).toBe(true);
      kinds.add(fromRim < 7 ? 'roll' : 'pop');
    }
    expect(kinds).toEqual(new Set(['roll', 'pop']));
  });

  it('post-up: the ball is fed to the block and the post player works with his back to the basket', () => {
    for (const c of all('Postup')) {
      const rim = rimOf(c);
      const caught = events(c, 'catch').find((e) => e.role === 4)!;
      const blocks = [-1, 1].map((s) => ({ x: rim.x + (c.attackRight ? -1.5 : 1.5), y: 25 + 8.5 * s }));
      const ball = c.frames[caught.frame]!.ball;
      expect(Math.min(...blocks.map((b) => dist(ball, b)))).toBeLessThan(4.5);
      const shot = lastShot(c);
      expect(shot.role).toBe(4);
      let away = 0;
      const span = shot.frame - Math.round(0.4 * FPS) - caught.frame;
      for (let k = caught.frame; k < caught.frame + span; k++) {
        const p = at(c, k, 4);
        if (p.fx * (rim.x - p.x) + p.fy * (rim.y - p.y) < 0) away++;
      }
      expect(away / span).toBeGreaterThan(0.8);
    }
  });

  it('spot-up: a drive into the lane, then a pass out to a shooter who was standing still on the perimeter', () => {
    for (const c of all('Spotup')) {
      const pass = events(c, 'pass')[0]!;
      const caught = events(c, 'catch')[0]!;
      expect(pass.role).toBe(0);
      expect(dist(at(c, pass.frame, 0), rimOf(c))).toBeLessThan(13);
      expect(dist(at(c, caught.frame, caught.role), rimOf(c))).toBeGreaterThan(17);
      // Stationary: under 3 ft of movement in the second before the catch.
      expect(dist(at(c, caught.frame, caught.role), at(c, caught.frame - FPS, caught.role))).toBeLessThan(3);
      expect(c.finisher).toBe(caught.role);
    }
  });

  it('handoff: the ball changes hands as the receiver runs right past the big', () => {
    for (const c of all('Handoff')) {
      const handoff = only(c, 'handoff');
      expect(handoff.role).toBe(4);
      expect(dist(at(c, handoff.frame, 4), at(c, handoff.frame, 1))).toBeLessThan(4.5);
      const speed = dist(at(c, handoff.frame + 3, 1), at(c, handoff.frame - 3, 1)) / (6 / FPS);
      expect(speed).toBeGreaterThan(6);
      expect(c.finisher).toBe(1);
    }
  });

  it('cut: an off-ball player sprints to the rim, catches there and finishes at once', () => {
    for (const c of all('Cut')) {
      const caught = events(c, 'catch').find((e) => e.role === 2)!;
      expect(dist(at(c, caught.frame, 2), rimOf(c))).toBeLessThan(7);
      const half = Math.round(FPS / 2);
      const speed = dist(at(c, caught.frame, 2), at(c, caught.frame - half, 2)) / (half / FPS);
      expect(speed).toBeGreaterThan(10);
      expect(lastShot(c).frame - caught.frame).toBeLessThanOrEqual(0.5 * FPS);
      expect(c.finisher).toBe(2);
    }
  });

  it('off screen: the shooter brushes past a screener away from the ball and catches out on the floor', () => {
    for (const c of all('OffScreen')) {
      const screen = only(c, 'screen');
      expect(screen.role).toBe(3);
      const closest = Math.min(...c.frames.slice(screen.frame).map((_, k) => dist(at(c, screen.frame + k, 1), at(c, screen.frame + k, 3))));
      expect(closest).toBeLessThan(4);
      const caught = events(c, 'catch').find((e) => e.role === 1)!;
      expect(dist(at(c, caught.frame, 1), rimOf(c))).toBeGreaterThan(15);
      expect(c.finisher).toBe(1);
    }
  });

  it('putback: a miss, an offensive rebound near the rim and a shot straight back up (shot clock reset to 14)', () => {
    for (const c of all('OffRebound')) {
      const miss = only(c, 'miss');
      const rebound = only(c, 'rebound');
      expect(rebound.frame).toBeGreaterThan(miss.frame);
      expect(dist(at(c, rebound.frame, rebound.role), rimOf(c))).toBeLessThan(10);
      const putback = lastShot(c);
      expect(putback.role).toBe(rebound.role);
      expect(putback.frame - rebound.frame).toBeLessThanOrEqual(FPS);
      expect(c.frames[rebound.frame + 1]!.shotClock).toBeLessThanOrEqual(14);
    }
  });

  it('miscellaneous: a late-clock heave from deep, or a pass that never arrives and a forced shot', () => {
    const kinds = new Set<string>();
    for (const c of all('Misc')) {
      const shot = lastShot(c);
      const heave = dist(at(c, shot.frame, shot.role), rimOf(c)) > 27 && c.frames[shot.frame]!.shotClock < 1.5;
      const broken = events(c, 'pass').length > 0 && events(c, 'catch').length === 0;
      expect(heave || broken).toBe(true);
      kinds.add(heave ? 'heave' : 'broken');
    }
    expect(kinds).toEqual(new Set(['heave', 'broken']));
  });
});
