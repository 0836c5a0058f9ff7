import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { LibraryServiceImpl } from '../../../main/services/library-service.js';
import type { LibraryChange } from '../../../shared/api/library.js';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

describe('library.setPlayLabel', () => {
  it('saves an analyst label at once, survives closing the library, and undoes to the previous label and source', async () => {
    const file = path.join(tempDir(), 'lib.db');
    let db = openLibrary(file);
    const play = seedPlay(db, seedGame(db), 10, 'Cut');
    let library = new LibraryServiceImpl(db);
    const changes: LibraryChange[] = [];
    library.onDidChange((c) => changes.push(c));

    const change = await library.setPlayLabel({ playId: play, playType: 'Postup' });
    expect(change.previous).toEqual({ playType: 'Cut', labelSource: 'imported' });
    expect(change.play).toMatchObject({ id: play, playType: 'Postup', labelSource: 'analyst' });
    expect(changes).toEqual([{ kind: 'plays' }]);
    library.dispose();
    db.close();

    db = openLibrary(file);
    library = new LibraryServiceImpl(db);
    const row = db.prepare('SELECT play_type_id, label_source FROM plays WHERE id = ?').get(play);
    expect(row).toEqual({ play_type_id: 'Postup', label_source: 'analyst' });
    // Undo: the previous label with its own source.
    const undone = await library.setPlayLabel({ playId: play, ...change.previous });
    expect(undone.play).toMatchObject({ playType: 'Cut', labelSource: 'imported' });

    await expect(library.setPlayLabel({ playId: play, playType: 'Dunk' })).rejects.toBeInstanceOf(ValidationError);
    await expect(library.setPlayLabel({ playId: 9999, playType: 'Cut' })).rejects.toBeInstanceOf(NotFoundError);
    expect(db.prepare('SELECT play_type_id FROM plays WHERE id = ?').get(play)).toEqual({ play_type_id: 'Cut' });
    library.dispose();
    db.close();
  });
});
