import { describe, expect, it } from 'vitest';
import { parseGameSelection, selectGames } from '../../../main/library/game-selection.js';

const games = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];

describe('splitting a season by game', () => {
  it('--shard i/N takes every N-th game from the i-th; the N shards are disjoint and cover all', () => {
    expect(selectGames(games, parseGameSelection(undefined, '1/3'))).toEqual(['g1', 'g4', 'g7']);
    expect(selectGames(games, parseGameSelection(undefined, '3/3'))).toEqual(['g3', 'g6']);
    const all = [1, 2, 3].flatMap((i) => selectGames(games, parseGameSelection(undefined, `${i}/3`)));
    expect(all.sort()).toEqual(games);
  });

  it('--games takes 1-based positions and ranges', () => {
    expect(selectGames(games, parseGameSelection('2-4', undefined))).toEqual(['g2', 'g3', 'g4']);
    expect(selectGames(games, parseGameSelection('1,6-100', undefined))).toEqual(['g1', 'g6', 'g7']);
    expect(selectGames(games, parseGameSelection(undefined, undefined))).toEqual(games);
  });

  it('refuses what it cannot mean, saying why', () => {
    expect(() => parseGameSelection(undefined, '0/3')).toThrow(/1 ≤ i ≤ N/);
    expect(() => parseGameSelection(undefined, '4/3')).toThrow(/1 ≤ i ≤ N/);
    expect(() => parseGameSelection('5-2', undefined)).toThrow(/"5-2" is not a position or range/);
    expect(() => parseGameSelection('0', undefined)).toThrow(/positions start at 1/);
    expect(() => parseGameSelection('1', '1/2')).toThrow(/not both/);
  });
});
