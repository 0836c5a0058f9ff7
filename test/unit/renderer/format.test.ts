import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDuration,
  formatEta,
  formatFps,
  formatFrameSize,
  formatMatchup,
  formatNumber,
  formatTimeOfDay,
  frontDoorName,
  labelSourceName,
  plural,
  shellQuote,
} from '../../../renderer/src/lib/format.js';

describe('formatClock (a moment in a game video)', () => {
  it('writes mm:ss.s, with minutes that keep counting past an hour', () => {
    expect(formatClock(0)).toBe('00:00.0');
    expect(formatClock(12.5)).toBe('00:12.5');
    expect(formatClock(65.25)).toBe('01:05.3');
    expect(formatClock(3725)).toBe('62:05.0');
  });

  it('carries a rounded-up tenth into the next minute and clamps negatives to zero', () => {
    expect(formatClock(59.96)).toBe('01:00.0');
    expect(formatClock(-3)).toBe('00:00.0');
  });
});

describe('formatDuration (a length of video)', () => {
  it('writes m:ss under an hour and h:mm:ss above', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(2892)).toBe('48:12');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('formatEta (time left for a job)', () => {
  it('says it is estimating until there is a rate', () => {
    expect(formatEta(null)).toBe('estimating time left…');
    expect(formatEta(Number.NaN)).toBe('estimating time left…');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('estimating time left…');
  });

  it('rounds up to seconds, minutes, then hours and minutes', () => {
    expect(formatEta(0.4)).toBe('almost done');
    expect(formatEta(1)).toBe('1 s left');
    expect(formatEta(41.2)).toBe('42 s left');
    expect(formatEta(59)).toBe('59 s left');
    expect(formatEta(61)).toBe('2 min left');
    expect(formatEta(3600)).toBe('1 h left');
    expect(formatEta(2 * 3600 + 15 * 60)).toBe('2 h 15 min left');
  });

  it('never says "60 s", "60 min" or "0 h" at the boundaries', () => {
    expect(formatEta(59.5)).toBe('1 min left');
    expect(formatEta(3540.5)).toBe('1 h left');
    expect(formatEta(3599)).toBe('1 h left');
    expect(formatEta(7199)).toBe('2 h left');
  });
});

describe('numbers and counts', () => {
  it('groups thousands', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });

  it('picks singular or plural, with an irregular plural when given', () => {
    expect(plural(1, 'game')).toBe('1 game');
    expect(plural(0, 'play')).toBe('0 plays');
    expect(plural(1200, 'play')).toBe('1,200 plays');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
  });
});

describe('game facts', () => {
  it('writes frame rates without needless decimals', () => {
    expect(formatFps(30)).toBe('30 fps');
    expect(formatFps(29.97002997)).toBe('29.97 fps');
  });

  it('writes a frame size as width×height', () => {
    expect(formatFrameSize({ width: 1280, height: 720 })).toBe('1280×720');
  });

  it('writes a matchup away @ home, or whatever is known', () => {
    const team = (name: string) => ({ id: 1, name });
    expect(formatMatchup({ awayTeam: team('Hawks'), homeTeam: team('Owls') })).toBe('Hawks @ Owls');
    expect(formatMatchup({ awayTeam: null, homeTeam: team('Owls') })).toBe('Owls');
    expect(formatMatchup({ awayTeam: team('Hawks'), homeTeam: null })).toBe('Hawks');
    expect(formatMatchup({ awayTeam: null, homeTeam: null })).toBe('Teams not recorded');
  });

  it('names label sources and front doors in words', () => {
    expect(labelSourceName('imported')).toBe('Imported');
    expect(labelSourceName('analyst')).toBe('Analyst');
    expect(labelSourceName('model')).toBe('Model');
    expect(frontDoorName('electron')).toBe('Desktop app');
    expect(frontDoorName('browser')).toBe('Browser mode');
    expect(frontDoorName('cli')).toBe('Command line');
  });
});

describe('formatTimeOfDay', () => {
  const now = new Date(2026, 10, 28, 18, 0);

  it('gives the time alone for today and adds the date for another day', () => {
    const today = formatTimeOfDay(new Date(2026, 10, 28, 14, 5).toISOString(), now);
    expect(today).toMatch(/\b0?2:05\b|\b14:05\b/);
    expect(today).not.toMatch(/Nov/);
    expect(formatTimeOfDay(new Date(2026, 10, 20, 9, 30).toISOString(), now)).toMatch(/Nov/);
  });

  it('gives nothing for a date it cannot read', () => {
    expect(formatTimeOfDay('not a date', now)).toBe('');
  });
});

describe('shellQuote (a path in a command the user will paste)', () => {
  it('leaves ordinary paths alone', () => {
    expect(shellQuote('/home/you/film/2025-26')).toBe('/home/you/film/2025-26');
    expect(shellQuote('C:/film/library.db', 'win32')).toBe('C:/film/library.db');
  });

  it('single-quotes for POSIX shells, escaping single quotes', () => {
    expect(shellQuote('/home/you/My Film/library.db')).toBe("'/home/you/My Film/library.db'");
    expect(shellQuote("/home/you/Coach's film")).toBe("'/home/you/Coach'\\''s film'");
    expect(shellQuote('/film/$HOME')).toBe("'/film/$HOME'");
  });

  it('double-quotes on Windows, doubling double quotes', () => {
    expect(shellQuote('C:\\Users\\you\\My Film', 'win32')).toBe('"C:\\Users\\you\\My Film"');
    expect(shellQuote('C:\\a "b"', 'win32')).toBe('"C:\\a ""b"""');
  });
});
