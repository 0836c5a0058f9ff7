/**
 * The options of a synthetic season, checked up front with messages that name the option (as the
 * CLI spells it) and the bad value, before any file is written.
 */
import { ValidationError } from '../../shared/errors.js';

export interface SynthesizeOptions {
  outDir: string;
  games: number;
  playsPerGame: number;
  seed: number;
  /** Frame width in pixels (even, 64–1920); the height is 9/16 of it. Default 320. */
  width?: number;
  /** Frames per second, 5–60. Default 25. */
  fps?: number;
  /** Frames rendered so far, of the whole season, and what is being rendered. */
  onProgress?: (done: number, total: number, label: string) => void;
  signal?: AbortSignal;
}

export interface ResolvedOptions {
  outDir: string;
  games: number;
  playsPerGame: number;
  seed: number;
  width: number;
  height: number;
  fps: number;
}

export const DEFAULT_WIDTH = 320;
export const DEFAULT_FPS = 25;
export const LIMITS = { games: 1000, playsPerGame: 500, minWidth: 64, maxWidth: 1920, minFps: 5, maxFps: 60 } as const;

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Height for a width: 16:9, rounded to an even number (H.264 in 4:2:0 needs even sizes). */
export function heightFor(width: number): number {
  return 2 * Math.round((width * 9) / 16 / 2);
}

export function resolveOptions(options: SynthesizeOptions): ResolvedOptions {
  if (typeof options.outDir !== 'string' || options.outDir.trim() === '') throw new ValidationError('--out must name a folder to write the season into');
  const games = wholeNumber(options.games, '--games', 1, LIMITS.games);
  const playsPerGame = wholeNumber(options.playsPerGame, '--plays-per-game', 1, LIMITS.playsPerGame);
  const seed = wholeNumber(options.seed, '--seed', 0, 0xffffffff);
  const width = wholeNumber(options.width ?? DEFAULT_WIDTH, '--size', LIMITS.minWidth, LIMITS.maxWidth);
  if (width % 2 !== 0) throw new ValidationError(`--size must be an even number of pixels (H.264 needs even frame sizes), got ${width}`);
  const fps = wholeNumber(options.fps ?? DEFAULT_FPS, '--fps', LIMITS.minFps, LIMITS.maxFps);
  return { outDir: options.outDir, games, playsPerGame, seed, width, height: heightFor(width), fps };
}
