/**
 * How the analyst likes to watch film (speed, volume, sound off, theatre mode), kept in the
 * browser's local storage so the next session starts the same way. Read back defensively: the
 * stored text may be old, hand-edited or from another version.
 */
import { validSpeed } from './review-playback.js';

export interface PlayerSettings {
  /** Playback speed, one of PLAYBACK_SPEEDS. */
  speed: number;
  /** 0 (silent) to 1 (full). */
  volume: number;
  muted: boolean;
  /** Review's theatre mode: the film the content's full width. */
  theatre: boolean;
}

export const PLAYER_SETTINGS_KEY = 'filmroom.player';

export const DEFAULT_PLAYER_SETTINGS: Readonly<PlayerSettings> = { speed: 1, volume: 1, muted: false, theatre: false };

/** The settings in stored text, each field falling back to its default when missing or invalid. */
export function parsePlayerSettings(text: string | null): PlayerSettings {
  let stored: unknown;
  try {
    stored = text ? JSON.parse(text) : {};
  } catch {
    stored = {};
  }
  const value = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const volume = typeof value['volume'] === 'number' && Number.isFinite(value['volume']) ? Math.min(1, Math.max(0, value['volume'])) : DEFAULT_PLAYER_SETTINGS.volume;
  return {
    speed: validSpeed(value['speed']),
    volume,
    muted: typeof value['muted'] === 'boolean' ? value['muted'] : DEFAULT_PLAYER_SETTINGS.muted,
    theatre: typeof value['theatre'] === 'boolean' ? value['theatre'] : DEFAULT_PLAYER_SETTINGS.theatre,
  };
}
