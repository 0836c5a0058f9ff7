import { describe, expect, it } from 'vitest';
import { SYNTH_COMMAND, SYNTH_DIR, withLibrary } from '../../../renderer/src/lib/commands.js';

describe('CLI commands shown in the app', () => {
  it('name the library the window has open, quoted for the user’s shell', () => {
    expect(withLibrary('filmroom import PATH', undefined)).toBe('filmroom import PATH');
    expect(withLibrary('filmroom import PATH', '/data/film.db')).toBe('filmroom import PATH --library /data/film.db');
    expect(withLibrary('filmroom import PATH', '/data/my film.db')).toBe("filmroom import PATH --library '/data/my film.db'");
    expect(withLibrary('filmroom import PATH', 'C:\\film\\my film.db', 'win32')).toBe('filmroom import PATH --library "C:\\film\\my film.db"');
  });

  it('synthesize into the folder the follow-up import names', () => {
    expect(SYNTH_COMMAND).toContain(`--out ${SYNTH_DIR}`);
  });
});
