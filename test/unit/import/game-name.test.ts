import { describe, expect, it } from 'vitest';
import { teamsFromGameName } from '../../../main/import/game-name.js';

describe('teams from a game’s name', () => {
  it('reads away @ home, home vs away, and names in brackets', () => {
    expect(teamsFromGameName('Hawks @ Owls')).toEqual({ away: 'Hawks', home: 'Owls' });
    expect(teamsFromGameName('BOS at NYK')).toEqual({ away: 'BOS', home: 'NYK' });
    expect(teamsFromGameName('Owls vs. Suns')).toEqual({ home: 'Owls', away: 'Suns' });
    expect(teamsFromGameName('Game 001 (Owls vs Suns)')).toEqual({ home: 'Owls', away: 'Suns' });
  });

  it('gives nothing when the name does not say', () => {
    expect(teamsFromGameName('Game 7')).toBeNull();
    expect(teamsFromGameName('game-001')).toBeNull();
  });
});
