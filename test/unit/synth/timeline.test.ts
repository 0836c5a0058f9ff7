import { describe, expect, it } from 'vitest';
import type { AnnotationRecord } from '../../../main/annotations/types.js';
import { planSeason } from '../../../main/synth/plan.js';
import { createRng } from '../../../main/system/prng.js';
import { editListRecords, playRecords } from '../../../main/synth/season-files.js';
import { attacksRight, buildGameTimeline } from '../../../main/synth/timeline.js';

const FPS = 25;
const game = planSeason(createRng(21), 1, 6)[0]!;
const timeline = buildGameTimeline(game, createRng(22), FPS);

describe('game timeline', () => {
  it('alternates dead balls and plays of 4–12 s, with dead ball before, between and after', () => {
    expect(timeline.plays).toHaveLength(6);
    let previousEnd = 0;
    for (const play of timeline.plays) {
      const seconds = (play.endFrame - play.startFrame) / FPS;
      expect(seconds).toBeGreaterThanOrEqual(4);
      expect(seconds).toBeLessThanOrEqual(12);
      expect((play.startFrame - previousEnd) / FPS).toBeGreaterThanOrEqual(1.5);
      previousEnd = play.endFrame;
    }
    expect(timeline.frames.length - previousEnd).toBeGreaterThanOrEqual(FPS);
  });

  it('keeps every player continuous (nobody teleports) except at a cut in a long dead ball', () => {
    const jumps: string[] = [];
    let cuts = 0;
    for (const seed of [1, 2, 3]) {
      const other = buildGameTimeline(planSeason(createRng(seed), 1, 11)[0]!, createRng(seed), FPS);
      other.frames.forEach((f, k) => {
        const prev = other.frames[k - 1];
        if (f.cut) {
          cuts++;
          expect(other.plays.some((p) => k >= p.startFrame && k < p.endFrame)).toBe(false);
        }
        if (!prev || f.cut) return;
        f.players.forEach((p, i) => {
          const d = Math.hypot(p.x - prev.players[i]!.x, p.y - prev.players[i]!.y);
          if (d > 30 / FPS) jumps.push(`seed ${seed}, frame ${k}, player ${i}: ${(d * FPS).toFixed(1)} ft/s`);
        });
      });
    }
    expect(jumps).toEqual([]);
    // Possessions change ends, so some dead balls are too long to walk and cut.
    expect(cuts).toBeGreaterThan(0);
  });

  it('keeps dead balls between 2 and 5.5 s (long walks are cut)', () => {
    let previousEnd: number | null = null;
    for (const play of timeline.plays) {
      if (previousEnd !== null) {
        const seconds = (play.startFrame - previousEnd) / FPS;
        expect(seconds).toBeGreaterThanOrEqual(2);
        expect(seconds).toBeLessThanOrEqual(5.5);
      }
      previousEnd = play.endFrame;
    }
  });

  it('puts the ball out of bounds during each dead ball, with nobody holding it and a full shot clock', () => {
    const deadBalls = timeline.plays.map((play, p) => [p === 0 ? 0 : timeline.plays[p - 1]!.endFrame, play.startFrame] as const);
    for (const [from, to] of deadBalls.slice(1)) {
      const frames = timeline.frames.slice(from, to);
      expect(frames.every((f) => f.holder === -1 && f.shotClock === 24)).toBe(true);
      expect(frames.some((f) => f.ball.y < 0 || f.ball.y > 50)).toBe(true);
    }
  });

  it('lists the home team first whoever has the ball, and the offence attacks its half’s basket', () => {
    for (const play of timeline.plays) {
      const mid = timeline.frames[Math.floor((play.startFrame + play.endFrame) / 2)]!;
      expect(mid.offence).toBe(play.plan.offence);
      if (mid.holder >= 0) expect(mid.holder < 5).toBe(play.plan.offence === 0);
    }
    expect(attacksRight(0, 1)).toBe(true);
    expect(attacksRight(0, 3)).toBe(false);
    expect(attacksRight(1, 2)).toBe(false);
    expect(attacksRight(1, 4)).toBe(true);
  });

  it('is the same timeline for the same seed', () => {
    expect(buildGameTimeline(game, createRng(22), FPS)).toEqual(timeline);
  });
});

describe('annotation records', () => {
  const records = playRecords(game, timeline);

  it('gives each play its game, video, frame-exact times, type, team, period, clock and player', () => {
    expect(records).toHaveLength(6);
    records.forEach((r, p) => {
      const play = timeline.plays[p]!;
      const team = game.teams[play.plan.offence];
      expect(r).toMatchObject({
        game: game.name,
        video: 'game-001.mp4',
        playType: play.plan.playType,
        id: `g001-p00${p + 1}`,
        team: team.name,
        period: play.plan.period,
        clock: play.plan.clock,
        player: `${team.name} #${play.finisherNumber}`,
      });
      expect(r.startS).toBe(Number((play.startFrame / FPS).toFixed(3)));
      expect(r.endS).toBe(Number((play.endFrame / FPS).toFixed(3)));
      expect(team.numbers).toContain(play.finisherNumber);
      expect(r.tags).toEqual([`Team:${team.name}`, `Player:${r.player}`]);
    });
  });

  it('adds a Team and a Possession row per play to the edit list, the possession starting in the dead ball', () => {
    const rows = editListRecords(records);
    expect(rows).toHaveLength(18);
    records.forEach((play, p) => {
      const [same, team, possession] = rows.slice(3 * p, 3 * p + 3) as [AnnotationRecord, AnnotationRecord, AnnotationRecord];
      expect(same).toEqual(play);
      expect(team).toMatchObject({ playType: 'Team', startS: play.startS, endS: play.endS, tags: [`Team:${play.team}`] });
      expect(possession.playType).toBe('Possession');
      expect(possession.startS).toBeLessThan(play.startS);
      expect(possession.startS).toBeGreaterThanOrEqual(p === 0 ? 0 : records[p - 1]!.endS);
    });
  });
});
