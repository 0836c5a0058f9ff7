/**
 * The clip backfill asks about one play at a time, between RPC calls: the answer must come from that
 * play's row, not from a sorted scan of every play in the library that lacks a clip of the shape.
 */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/database.js';
import { insertClip } from '../../../main/library/repositories/clips.js';
import { playNeedingClip, playsWithoutClipOfShape } from '../../../main/library/repositories/plays-without-clips.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';

describe('playNeedingClip', () => {
  it('answers for the one play as the whole-library list would', () => {
    const db = openLibrary(':memory:');
    const game = seedGame(db);
    const plays = [0, 10, 20].map((startS) => seedPlay(db, game, startS, 'Cut'));
    insertClip(db, { play_id: plays[1]!, frames: 16, size: 112, path: 'x.rgb', sha256: 'x' });
    const all = playsWithoutClipOfShape(db, 16, 112);
    expect(plays.map((id) => playNeedingClip(db, id, 16, 112))).toEqual([all[0], undefined, all[1]]);
    expect(playNeedingClip(db, plays[1]!, 16, 224)?.playId).toBe(plays[1]); // another shape: it has none
    expect(playNeedingClip(db, 999, 16, 112)).toBeUndefined();
    db.prepare("UPDATE games SET status = 'importing' WHERE id = ?").run(game);
    expect(playNeedingClip(db, plays[0]!, 16, 112)).toBeUndefined();
    db.close();
  });
});
