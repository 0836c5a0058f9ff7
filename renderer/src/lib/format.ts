import type { FrontDoor } from '../../../shared/api/app.js';
import type { Game } from '../../../shared/api/library.js';
import type { LabelSource } from '../../../shared/taxonomy.js';

/** A moment in a game video as mm:ss.s (minutes keep counting past 59, as film timecodes in tagging tools do). */
export function formatClock(seconds: number): string {
  const tenths = Math.round(Math.max(0, seconds) * 10);
  const minutes = Math.floor(tenths / 600);
  const rest = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** A length of video: 1:02:03 or 48:12. */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.max(0, seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time left for a job, rounded up to what people say (59.5 s is "1 min", not "60 s"). */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left…';
  if (seconds < 1) return 'almost done';
  const wholeSeconds = Math.ceil(seconds);
  if (wholeSeconds < 60) return `${wholeSeconds} s left`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m > 0 ? `${h} h ${m} min left` : `${h} h left`;
}

/** When something happened, for "Started 14:05": the time alone today, with the date on another day. */
export function formatTimeOfDay(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

const integer = new Intl.NumberFormat('en-US');

export function formatNumber(value: number): string {
  return integer.format(value);
}

/** "1 game", "12 plays". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** 30 → "30 fps", 29.97002997 → "29.97 fps". */
export function formatFps(fps: number): string {
  return `${Number(fps.toFixed(2))} fps`;
}

export function formatFrameSize(game: Pick<Game, 'width' | 'height'>): string {
  return `${game.width}×${game.height}`;
}

/** "Away @ Home", the order box scores use; whatever is known when a team is missing. */
export function formatMatchup(game: Pick<Game, 'homeTeam' | 'awayTeam'>): string {
  const away = game.awayTeam?.name;
  const home = game.homeTeam?.name;
  if (away && home) return `${away} @ ${home}`;
  return away ?? home ?? 'Teams not recorded';
}

const LABEL_SOURCE_NAMES: Readonly<Record<LabelSource, string>> = {
  imported: 'Imported',
  analyst: 'Analyst',
  model: 'Model',
};

export function labelSourceName(source: LabelSource): string {
  return LABEL_SOURCE_NAMES[source];
}

const FRONT_DOOR_NAMES: Readonly<Record<FrontDoor, string>> = {
  electron: 'Desktop app',
  browser: 'Browser mode',
  cli: 'Command line',
};

export function frontDoorName(frontDoor: FrontDoor): string {
  return FRONT_DOOR_NAMES[frontDoor];
}

/** A path quoted for the user's shell when it needs quoting, so a copied command runs as shown. */
export function shellQuote(value: string, platform = 'linux'): string {
  if (/^[\w@%+=:,./~-]+$/.test(value)) return value;
  if (platform === 'win32') return `"${value.replaceAll('"', '""')}"`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
