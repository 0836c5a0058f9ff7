import { parsePlayerSettings, PLAYER_SETTINGS_KEY, type PlayerSettings } from '../lib/player-settings.js';

/** The film player's settings as reactive state, written back to local storage on every change. */
export class PlayerSettingsState {
  #settings = $state.raw<PlayerSettings>(parsePlayerSettings(readStored()));

  get speed(): number {
    return this.#settings.speed;
  }

  get volume(): number {
    return this.#settings.volume;
  }

  get muted(): boolean {
    return this.#settings.muted;
  }

  get theatre(): boolean {
    return this.#settings.theatre;
  }

  update(patch: Partial<PlayerSettings>): void {
    // Through the parser, so whatever a caller passes, what is kept is valid.
    this.#settings = parsePlayerSettings(JSON.stringify({ ...this.#settings, ...patch }));
    try {
      localStorage.setItem(PLAYER_SETTINGS_KEY, JSON.stringify(this.#settings));
    } catch {
      // Storage full or refused (a private window): the settings last this session only.
    }
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(PLAYER_SETTINGS_KEY);
  } catch {
    return null;
  }
}
