import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { LibraryServiceImpl } from '../../../main/services/library-service.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

describe('library.reviewPosition', () => {
  it('keeps where Review was across a restart, and forgets a play or game that is gone', async () => {
    const file = path.join(tempDir(), 'lib.db');
    let db = openLibrary(file);
    const game = seedGame(db);
    const other = seedGame(db);
    const play = seedPlay(db, game, 10, 'Cut');
    const elsewhere = seedPlay(db, other, 10, 'Cut');
    let library = new LibraryServiceImpl(db);
    expect(await library.reviewPosition()).toBeNull();
    await library.setReviewPosition({ gameId: game, playId: play });
    library.dispose();
    db.close();

    db = openLibrary(file);
    library = new LibraryServiceImpl(db);
    expect(await library.reviewPosition()).toEqual({ gameId: game, playId: play });
    // A play of another game (or a deleted one) is not a place in this game: its start instead.
    await library.setReviewPosition({ gameId: game, playId: elsewhere });
    expect(await library.reviewPosition()).toEqual({ gameId: game, playId: null });
    db.prepare('DELETE FROM plays WHERE game_id = ?').run(game);
    db.prepare('DELETE FROM games WHERE id = ?').run(game);
    expect(await library.reviewPosition()).toBeNull();
    // Requests are validated like every call.
    await expect(library.setReviewPosition({ gameId: -1, playId: null })).rejects.toThrow();
    await expect(library.setReviewPosition({ gameId: other } as never)).rejects.toThrow();
    library.dispose();
    db.close();
  });
});
