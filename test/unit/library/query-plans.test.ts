import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary, type Database } from '../../../main/library/database.js';

/** The plan's text, one step per line, as `EXPLAIN QUERY PLAN` prints it. */
function plan(db: Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
}

describe('hot queries use their indexes', () => {
  let db: Database;
  afterEach(() => db.close());

  it('plays by game', () => {
    db = openLibrary(':memory:');
    expect(plan(db, 'SELECT * FROM plays WHERE game_id = ? ORDER BY start_s', 1)).toMatch(/SEARCH plays USING INDEX sqlite_autoindex_plays_1 \(game_id=\?\)/);
    expect(plan(db, 'SELECT * FROM plays WHERE game_id = ? ORDER BY start_s', 1)).not.toMatch(/TEMP B-TREE/);
  });

  it('plays by play type', () => {
    db = openLibrary(':memory:');
    expect(plan(db, 'SELECT id FROM plays WHERE play_type_id = ?', 'Cut')).toMatch(/SEARCH plays USING (COVERING )?INDEX plays_by_type \(play_type_id=\?\)/);
  });

  it('features by clip', () => {
    db = openLibrary(':memory:');
    expect(plan(db, 'SELECT shard, row FROM features WHERE clip_id = ?', 1)).toMatch(/SEARCH features USING PRIMARY KEY \(clip_id=\?\)/);
    expect(plan(db, 'SELECT clip_id FROM features WHERE feature_set_id = ?', 1)).toMatch(/USING (COVERING )?INDEX features_by_set/);
    // Extraction's next free slot: the last row of the set, found from the end of the index.
    expect(plan(db, 'SELECT shard, row FROM features WHERE feature_set_id = ? ORDER BY shard DESC, row DESC LIMIT 1', 1)).not.toMatch(/TEMP B-TREE/);
  });

  it('predictions by play, and a run’s review queue by confidence', () => {
    db = openLibrary(':memory:');
    expect(plan(db, 'SELECT * FROM predictions WHERE play_id = ?', 1)).toMatch(/INDEX predictions_by_play/);
    expect(plan(db, 'SELECT play_id FROM predictions WHERE run_id = ? ORDER BY confidence LIMIT 50', 1)).toMatch(/INDEX predictions_by_confidence/);
    expect(plan(db, 'SELECT play_id FROM predictions WHERE run_id = ? ORDER BY confidence LIMIT 50', 1)).not.toMatch(/TEMP B-TREE/);
  });

  it('the Library view’s list of plays of a game', () => {
    db = openLibrary(':memory:');
    const sql = `SELECT p.id FROM plays p JOIN games g ON g.id = p.game_id
                  WHERE g.status = 'ready' AND p.game_id = ? ORDER BY p.game_id, p.start_s, p.end_s`;
    expect(plan(db, sql, 1)).toMatch(/SEARCH p USING (COVERING )?INDEX sqlite_autoindex_plays_1 \(game_id=\?\)/);
  });

  it('the Library view’s list of a season’s plays (find plays): by season, then each game’s plays by index', () => {
    db = openLibrary(':memory:');
    const sql = `SELECT p.id FROM plays p JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id
                  WHERE g.status = 'ready' AND g.season_id = ? AND p.team_id = ? ORDER BY t.name IS NULL, t.name, p.game_id, p.start_s LIMIT 2000`;
    const text = plan(db, sql, 1, 1);
    expect(text).toMatch(/SEARCH g USING INDEX games_by_season \(season_id=\?\)/);
    expect(text).toMatch(/SEARCH p USING INDEX sqlite_autoindex_plays_1 \(game_id=\?\)/);
    expect(text).not.toMatch(/SCAN p\b/);
  });
});
