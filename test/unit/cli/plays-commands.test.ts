import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { findPlay } from '../../../main/library/repositories/plays.js';
import { cli } from '../../helpers/cli.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

describe('filmroom plays', () => {
  it('adds, trims, splits, merges, edits, deletes, undoes and redoes, with --json and clear refusals', async () => {
    const file = path.join(tempDir(), 'lib.db');
    const db = openLibrary(file);
    const game = seedGame(db, { durationS: 100 });
    const neighbour = seedPlay(db, game, 40, 'Cut', 45);
    db.close();
    const run = async (...args: string[]) => cli([...args, '--library', file]);

    const added = await run('plays', 'add', '--game', String(game), '--start', '1:00', '--end', '65.5', '--type', 'Isolation', '--team', 'Suns', '--period', '4', '--clock', '5:12', '--player', 'D. Booker', '--tags', 'ato, late', '--json');
    expect(added.code, added.stderr).toBe(0);
    const play = (JSON.parse(added.stdout) as { plays: { id: number; start_s: number; end_s: number; tags: string[] }[] }).plays[0]!;
    expect(play).toMatchObject({ start_s: 60, end_s: 65.5, tags: ['ato', 'late'] });

    expect((await run('plays', 'trim', '--play', String(play.id), '--end', '64')).stdout).toMatch(/Trimmed play \d+ to 60.00 s – 64.00 s/);
    const split = await run('plays', 'split', '--play', String(play.id), '--at', '62', '--json');
    const second = (JSON.parse(split.stdout) as { plays: { id: number }[] }).plays[1]!.id;
    expect((await run('plays', 'edit', '--play', String(second), '--type', 'Postup', '--player', '')).code).toBe(0);
    let check = openLibrary(file);
    expect(findPlay(check, second)).toMatchObject({ startS: 62, endS: 64, playType: 'Postup', player: null, team: { name: 'Suns' } });
    check.close();
    expect((await run('plays', 'merge', '--play', String(play.id), '--play', String(second))).stdout).toMatch(/Merged plays/);
    expect((await run('plays', 'delete', '--play', String(play.id))).code).toBe(0);

    const undone = await run('plays', 'undo');
    expect(undone.stdout).toMatch(/^Undone: Deleted play/);
    expect((await run('plays', 'history', '--json')).stdout).toMatch(/"operation": "merge"/);
    expect((await run('plays', 'redo')).stdout).toMatch(/^Redone: Deleted play/);
    check = openLibrary(file);
    expect(findPlay(check, play.id)).toBeUndefined();
    check.close();

    const overlap = await run('plays', 'add', '--game', String(game), '--start', '44', '--end', '50', '--type', 'Cut');
    expect(overlap.code).not.toBe(0);
    expect(overlap.stderr).toContain(`overlaps play ${neighbour}`);
    const unknown = await run('plays', 'add', '--game', String(game), '--start', '50', '--end', '55', '--type', 'Dunk', '--json');
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { message: expect.stringContaining('"Dunk" is not a play type') } });
    const past = await run('plays', 'add', '--game', String(game), '--start', '95', '--end', '101', '--type', 'Cut');
    expect(past.stderr).toMatch(/past the end/);
    const badTime = await run('plays', 'add', '--game', String(game), '--start', 'soon', '--end', '101', '--type', 'Cut');
    expect(badTime.stderr).toMatch(/must be seconds/);
  });
});
