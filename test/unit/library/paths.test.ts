import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLibraryPath, resolveLibraryPath } from '../../../main/library/paths.js';

describe('where the library lives', () => {
  it('defaults to the platform’s app-data folder', () => {
    expect(defaultLibraryPath({ HOME: '/home/ana' }, 'linux')).toBe('/home/ana/.config/Film Room/library.filmroom.db');
    expect(defaultLibraryPath({ HOME: '/home/ana', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Film Room/library.filmroom.db');
    expect(defaultLibraryPath({ HOME: '/Users/ana' }, 'darwin')).toBe('/Users/ana/Library/Application Support/Film Room/library.filmroom.db');
    expect(defaultLibraryPath({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\ana\\AppData\\Roaming', 'Film Room', 'library.filmroom.db'));
  });

  it('is overridden by FILMROOM_LIBRARY, and that by --library', () => {
    const env = { HOME: '/home/ana', FILMROOM_LIBRARY: '/data/env.db' };
    expect(resolveLibraryPath(undefined, env)).toBe('/data/env.db');
    expect(resolveLibraryPath('/data/flag.db', env)).toBe('/data/flag.db');
    expect(resolveLibraryPath('relative.db', env)).toBe(path.resolve('relative.db'));
  });
});
