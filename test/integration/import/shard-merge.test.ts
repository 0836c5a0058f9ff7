import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary, type Database } from '../../../main/library/database.js';
import { featureSetFolder } from '../../../main/library/feature-files.js';
import { readFeatures } from '../../../main/library/repositories/features.js';
import { writeSetting } from '../../../main/library/repositories/settings.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

const EXTRACT = ['extract', '--weights', 'random:3', '--cut', 'block1_pool', '--pool', 'avg', '--json'];

async function filmroom(args: string[]): Promise<string> {
  const run = await spawnFilmroom(args).output;
  if (run.code !== 0) throw new Error(`filmroom ${args.join(' ')} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

function newLibrary(file: string): void {
  const db = openLibrary(file);
  writeSetting(db, 'frame_size', 32);
  db.close();
}

/** Everything a library knows about its season, by content (no ids): games, plays, clips, features. */
function contents(file: string) {
  const db: Database = openLibrary(file, { readonly: true });
  try {
    const games = db.prepare(`SELECT g.content_hash, g.name, g.video_path, g.duration_s, g.fps, s.name AS season FROM games g LEFT JOIN seasons s ON s.id = g.season_id WHERE g.status = 'ready' ORDER BY g.content_hash`).all();
    const plays = db
      .prepare(
        `SELECT g.content_hash, p.start_s, p.end_s, p.play_type_id, p.label_source, t.name AS team, p.period, p.tags_json
           FROM plays p JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id ORDER BY g.content_hash, p.start_s`,
      )
      .all();
    const clips = db.prepare(`SELECT g.content_hash, p.start_s, c.frames, c.size, c.path, c.sha256 FROM clips c JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id ORDER BY g.content_hash, p.start_s`).all();
    const sets = db.prepare('SELECT id, signature, dim, frames FROM feature_sets ORDER BY signature').all() as { id: number; signature: string }[];
    const features = sets.map((set) => ({
      signature: set.signature,
      rows: (
        db
          .prepare(`SELECT f.clip_id, g.content_hash, p.start_s FROM features f JOIN clips c ON c.id = f.clip_id JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id WHERE f.feature_set_id = ? ORDER BY g.content_hash, p.start_s`)
          .all(set.id) as { clip_id: number; content_hash: string; start_s: number }[]
      ).map((row) => ({ key: `${row.content_hash}@${row.start_s}`, values: Array.from(readFeatures(db, row.clip_id, set.id)!) })),
    }));
    return { games, plays, clips, features };
  } finally {
    db.close();
  }
}

describe('a season split by game over two processes, merged by content hash', () => {
  it('gives the same library as one run, and merging again adds nothing', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 3, playsPerGame: 3, seconds: 9 });
    const [whole, shard1, shard2, merged] = ['whole', 'shard-1', 'shard-2', 'merged'].map((name) => path.join(dir, `${name}.filmroom.db`)) as [string, string, string, string];
    for (const file of [whole, shard1, shard2, merged]) newLibrary(file);

    // The two units run at the same time, each in its own process and library, as two machines would.
    await Promise.all(
      [shard1, shard2].map(async (library, i) => {
        await filmroom(['import', season.dir, '--shard', `${i + 1}/2`, '--library', library, '--json']);
        await filmroom([...EXTRACT, '--library', library]);
      }),
    );
    await filmroom(['import', season.dir, '--library', whole, '--json']);
    await filmroom([...EXTRACT, '--library', whole]);

    const first = contents(shard1);
    const second = contents(shard2);
    expect(first.games).toHaveLength(2); // games 1 and 3 (every 2nd from the 1st)…
    expect(second.games).toHaveLength(1); // …and game 2: disjoint, together all three
    const hashes = (c: ReturnType<typeof contents>) => c.games.map((g) => (g as { content_hash: string }).content_hash);
    expect(new Set([...hashes(first), ...hashes(second)]).size).toBe(3);

    const reports = [];
    for (const shard of [shard1, shard2, shard1]) reports.push(JSON.parse(await filmroom(['library', 'merge', shard, '--library', merged, '--json'])) as { games_added: number; plays_added: number; clips_copied: number; features_added: number });
    expect(reports.map((r) => r.games_added)).toEqual([2, 1, 0]);
    expect(reports.map((r) => r.features_added)).toEqual([6, 3, 0]); // the repeated merge adds nothing

    const one = contents(whole);
    const two = contents(merged);
    expect(one.games).toHaveLength(3);
    expect(one.plays).toHaveLength(9);
    expect(two.games).toEqual(one.games);
    expect(two.plays).toEqual(one.plays);
    expect(two.clips).toEqual(one.clips); // same files, byte for byte (same sha256)
    expect(one.features).toHaveLength(1);
    expect(two.features).toEqual(one.features);

    // A feature set goes in one step: its rows and its folder of files.
    const listed = JSON.parse(await filmroom(['features', 'list', '--library', merged, '--json'])) as { id: number; signature: string; clips: number; bytes: number }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.clips).toBe(9);
    expect(listed[0]!.bytes).toBe(64 + 9 * 40 * 64 * 2); // header + 9 rows of 40 × 64 halves (block1 avg)
    const folder = featureSetFolder(merged, listed[0]!.signature);
    expect(fs.existsSync(folder)).toBe(true);
    await filmroom(['features', 'delete', String(listed[0]!.id), '--library', merged, '--json']);
    expect(fs.existsSync(folder)).toBe(false);
    expect(JSON.parse(await filmroom(['features', 'list', '--library', merged, '--json']))).toEqual([]);
  }, 300_000);
});
