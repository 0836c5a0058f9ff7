import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { PLAY_TYPE_IDS } from '../../../main/synth/choreography.js';
import { heightFor, resolveOptions } from '../../../main/synth/options.js';
import { balancedPlayTypes, formatClock, planSeason, TEAMS } from '../../../main/synth/plan.js';
import { createRng } from '../../../main/system/prng.js';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };

describe('season plan', () => {
  it('uses exactly the play type ids of the default taxonomy', () => {
    expect([...PLAY_TYPE_IDS]).toEqual(defaultTaxonomy.playTypes.map((t) => t.id));
  });

  it('balances the play types: counts differ by at most one, whatever the season size', () => {
    for (const count of [11, 80, 37, 5]) {
      const types = balancedPlayTypes(createRng(count), count);
      expect(types).toHaveLength(count);
      const counts = PLAY_TYPE_IDS.map((id) => types.filter((t) => t === id).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    // Not one fixed order: the rounds are shuffled.
    expect(balancedPlayTypes(createRng(1), 22).slice(0, 11)).not.toEqual(balancedPlayTypes(createRng(1), 22).slice(11));
  });

  it('names games and files, picks two distinct teams with five numbers each', () => {
    const games = planSeason(createRng(4), 3, 8);
    expect(games.map((g) => g.base)).toEqual(['game-001', 'game-002', 'game-003']);
    for (const g of games) {
      expect(g.name).toBe(`Game ${g.base.slice(5)} (${g.teams[0].name} vs ${g.teams[1].name})`);
      expect(g.teams[0].name).not.toBe(g.teams[1].name);
      for (const team of g.teams) {
        expect(TEAMS.map((t) => t.name)).toContain(team.name);
        expect(new Set(team.numbers).size).toBe(5);
      }
      expect(g.plays).toHaveLength(8);
    }
  });

  it('spreads plays over four periods with a running game clock', () => {
    const [game] = planSeason(createRng(2), 1, 20);
    const periods = game!.plays.map((p) => p.period);
    expect(periods).toEqual([...periods].sort((a, b) => a - b));
    expect(new Set(periods)).toEqual(new Set([1, 2, 3, 4]));
    for (const period of [1, 2, 3, 4]) {
      const clocks = game!.plays.filter((p) => p.period === period).map((p) => p.clock);
      const seconds = clocks.map((c) => {
        expect(c).toMatch(/^\d{1,2}:\d{2}$/);
        const [m, s] = c.split(':').map(Number);
        return m! * 60 + s!;
      });
      expect(seconds.every((s, i) => s <= 720 && (i === 0 || s < seconds[i - 1]!))).toBe(true);
    }
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(-3)).toBe('0:00');
  });

  it('is the same plan for the same seed', () => {
    expect(planSeason(createRng(9), 2, 5)).toEqual(planSeason(createRng(9), 2, 5));
    expect(planSeason(createRng(9), 2, 5)).not.toEqual(planSeason(createRng(10), 2, 5));
  });
});

describe('synth options', () => {
  const base = { outDir: '/tmp/x', games: 2, playsPerGame: 3, seed: 1 };

  it('fills in the defaults: 320 px wide, 16:9, 25 fps', () => {
    expect(resolveOptions(base)).toEqual({ ...base, width: 320, height: 180, fps: 25 });
    expect(heightFor(64)).toBe(36);
    expect(heightFor(100)).toBe(56);
    expect(heightFor(1920)).toBe(1080);
  });

  it.each([
    [{ games: 0 }, /--games must be a whole number from 1/],
    [{ games: 1.5 }, /--games .* got 1\.5/],
    [{ playsPerGame: 0 }, /--plays-per-game must be a whole number from 1/],
    [{ width: 63 }, /--size must be a whole number from 64 to 1920, got 63/],
    [{ width: 1922 }, /--size .* got 1922/],
    [{ width: 321 }, /--size must be an even number/],
    [{ fps: 4 }, /--fps must be a whole number from 5 to 60, got 4/],
    [{ fps: 61 }, /--fps .* got 61/],
    [{ seed: -1 }, /--seed/],
    [{ outDir: ' ' }, /--out must name a folder/],
  ])('rejects %o with a message naming the option', (bad, message) => {
    expect(() => resolveOptions({ ...base, ...bad })).toThrow(ValidationError);
    expect(() => resolveOptions({ ...base, ...bad })).toThrow(message);
  });
});
