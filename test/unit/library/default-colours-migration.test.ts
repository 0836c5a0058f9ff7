import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/library/migrate.js';
import { migrations } from '../../../main/library/migrations/index.js';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };

/** The first default palette, as libraries made before the change hold it (resources/taxonomy.json then). */
const FIRST_PALETTE: Readonly<Record<string, string>> = {
  Transition: '#e6194b', Isolation: '#f58231', PRBallHandler: '#ffe119', PRRollman: '#bfef45', Postup: '#3cb44b', Spotup: '#42d4f4',
  Handoff: '#4363d8', Cut: '#911eb4', OffScreen: '#f032e6', OffRebound: '#a9a9a9', Misc: '#800000',
};

const colours = (db: BetterSqlite3.Database) =>
  Object.fromEntries((db.prepare('SELECT id, color FROM play_types ORDER BY ordinal').all() as { id: string; color: string }[]).map((row) => [row.id, row.color]));

describe('the default-colours migration (7)', () => {
  it('gives a library made with the first palette today’s default colours, and keeps a colour the analyst chose', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((migration) => migration.version < 7));
    const insert = db.prepare("INSERT INTO play_types (id, ordinal, name, color, description, aliases_json) VALUES (?, ?, ?, ?, '', '[]')");
    defaultTaxonomy.playTypes.forEach((type, ordinal) => insert.run(type.id, ordinal, type.name, type.id === 'Cut' ? '#123456' : FIRST_PALETTE[type.id]!.toUpperCase()));
    insert.run('Zone', 11, 'Zone', '#e6194b');

    migrate(db);
    const after = colours(db);
    for (const type of defaultTaxonomy.playTypes) expect(after[type.id], type.id).toBe(type.id === 'Cut' ? '#123456' : type.color);
    // A type of the analyst's own, even in an old default's colour, is not the migration's to change.
    expect(after['Zone']).toBe('#e6194b');
  });

  it('leaves a library already on today’s palette exactly as it was, and running it twice changes nothing more', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((migration) => migration.version < 7));
    const insert = db.prepare("INSERT INTO play_types (id, ordinal, name, color, description, aliases_json) VALUES (?, ?, ?, ?, '', '[]')");
    defaultTaxonomy.playTypes.forEach((type, ordinal) => insert.run(type.id, ordinal, type.name, type.color));
    // One type of the analyst's own in a first-palette colour, one default type in another type's first colour.
    insert.run('Zone', 11, 'Zone', '#911eb4');
    db.prepare("UPDATE play_types SET color = '#e6194b' WHERE id = 'Cut'").run();
    const rows = () => db.prepare('SELECT * FROM play_types ORDER BY ordinal').all();
    const before = rows();
    migrate(db);
    expect(rows()).toEqual(before);
    const up = migrations.find((migration) => migration.version === 7)!.up;
    if (typeof up === 'string') db.exec(up);
    else up(db);
    expect(rows()).toEqual(before);
  });
});
