import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupLibrary } from '../../../main/library/backup.js';
import { openLibrary } from '../../../main/library/database.js';
import { LibraryAccessError } from '../../../shared/errors.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

describe('backupLibrary', () => {
  it('writes a consistent copy that opens as a library with the same rows, while the source stays open', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'live.db'));
    const game = seedGame(db, { season: '2025-26' });
    for (let i = 0; i < 200; i++) seedPlay(db, game, i * 10, i % 2 ? 'Cut' : 'Spotup');
    const result = await backupLibrary(db, path.join(dir, 'copies', 'backup.db'));
    // Writes after the backup do not reach it.
    seedPlay(db, game, 5000, 'Misc');
    db.close();

    expect(result.bytes).toBe(fs.statSync(result.destination).size);
    expect(fs.readdirSync(path.join(dir, 'copies'))).toEqual(['backup.db']); // no partial file left
    const copy = openLibrary(result.destination, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM plays').get() as { n: number }).n).toBe(200);
    expect((copy.prepare('SELECT count(*) AS n FROM play_types').get() as { n: number }).n).toBe(11);
    copy.close();
  });

  it('refuses to overwrite an existing file unless asked, and to back up onto itself', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'live.db'));
    const target = path.join(dir, 'exists.db');
    fs.writeFileSync(target, 'keep me');
    await expect(backupLibrary(db, target)).rejects.toThrow(LibraryAccessError);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
    await expect(backupLibrary(db, path.join(dir, 'live.db'))).rejects.toThrow(/another file/);
    await backupLibrary(db, target, { overwrite: true });
    expect(fs.readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
    db.close();
  });
});
