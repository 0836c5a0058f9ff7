import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYER_SETTINGS, parsePlayerSettings } from '../../../renderer/src/lib/player-settings.js';

describe('the player settings read back from storage', () => {
  it('are the defaults when nothing or nonsense is stored', () => {
    expect(parsePlayerSettings(null)).toEqual(DEFAULT_PLAYER_SETTINGS);
    expect(parsePlayerSettings('not json')).toEqual(DEFAULT_PLAYER_SETTINGS);
    expect(parsePlayerSettings('[1,2]')).toEqual(DEFAULT_PLAYER_SETTINGS);
    expect(parsePlayerSettings('null')).toEqual(DEFAULT_PLAYER_SETTINGS);
  });

  it('keep each valid field and replace each invalid one with its default', () => {
    expect(parsePlayerSettings(JSON.stringify({ speed: 0.5, volume: 0.3, muted: true, theatre: true }))).toEqual({ speed: 0.5, volume: 0.3, muted: true, theatre: true });
    expect(parsePlayerSettings(JSON.stringify({ speed: 5, volume: '0.3', muted: 'yes', theatre: 1 }))).toEqual(DEFAULT_PLAYER_SETTINGS);
    expect(parsePlayerSettings(JSON.stringify({ volume: 7 })).volume).toBe(1);
    expect(parsePlayerSettings(JSON.stringify({ volume: -2 })).volume).toBe(0);
  });
});
