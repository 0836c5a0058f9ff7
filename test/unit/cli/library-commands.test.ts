import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../main/library/migrations/index.js';
import { cli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp.js';

describe('filmroom library info', () => {
  it('creates a new library and prints its schema version and counts as JSON on stdout', async () => {
    const file = path.join(tempDir(), 'x.db');
    const { code, stdout, stderr } = await cli(['library', 'info', '--library', file, '--json']);
    expect(code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    const info = JSON.parse(stdout);
    expect(info).toEqual({
      path: file,
      schema_version: LATEST_SCHEMA_VERSION,
      supported_schema_version: LATEST_SCHEMA_VERSION,
      counts: { seasons: 0, teams: 0, games: 0, plays: 0, clips: 0, weight_sets: 0, feature_sets: 0, models: 0, training_runs: 0, predictions: 0 },
    });
    // Human lines went to stderr, so stdout is one JSON document.
    expect(stderr).toContain('Schema   version');
  });

  it('takes the library from FILMROOM_LIBRARY when no flag is given', async () => {
    const file = path.join(tempDir(), 'from-env.db');
    const { code, stdout } = await cli(['library', 'info'], { FILMROOM_LIBRARY: file });
    expect(code).toBe(0);
    expect(stdout).toContain(file);
    expect(stdout).toContain('The library is empty');
  });

  it('says plainly when the library is from a newer Film Room', async () => {
    const file = path.join(tempDir(), 'newer.db');
    await cli(['library', 'info', '--library', file]);
    const { default: Sqlite } = await import('better-sqlite3');
    const raw = new Sqlite(file);
    raw.pragma('user_version = 1000');
    raw.close();
    const { code, stdout, stderr } = await cli(['library', 'info', '--library', file, '--json']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/written by a newer version of Film Room/);
    expect(JSON.parse(stdout).error.name).toBe('LibraryVersionError');
  });
});

describe('filmroom library backup', () => {
  it('copies the library to DEST and reports where and how big', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'live.db');
    const dest = path.join(dir, 'backup.db');
    const { code, stdout } = await cli(['library', 'backup', dest, '--library', file, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.destination).toBe(dest);
    expect(result.bytes).toBe(fs.statSync(dest).size);
    const again = await cli(['library', 'info', '--library', dest, '--json']);
    expect(JSON.parse(again.stdout).schema_version).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a missing DEST with a usage error (exit 2)', async () => {
    const { code, stderr, stdout } = await cli(['library', 'backup', '--library', path.join(tempDir(), 'l.db'), '--json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/destination: give the file to write the backup to/);
    expect(JSON.parse(stdout).error.name).toBe('ValidationError');
  });
});

describe('the command line itself', () => {
  it('lists the commands with --help, and each command explains itself', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/library info/);
    expect(top.stdout).toMatch(/library backup/);
    expect(top.stdout).toMatch(/serve/);
    const info = await cli(['library', 'info', '--help']);
    expect(info.stdout).toMatch(/Usage: filmroom library info/);
    expect(info.stdout).toMatch(/--library PATH/);
    expect(info.stdout).toMatch(/--json/);
  });

  it('refuses unknown commands, unknown flags and bad values with exit 2 and a clear message', async () => {
    const unknown = await cli(['librari', 'info']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "librari info"/);

    const flag = await cli(['library', 'info', '--libary', 'x.db']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--libary/);

    const port = await cli(['serve', '--port', 'eighty']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/port: the port must be a number from 0 to 65535/);
    const high = await cli(['serve', '--port', '70000']);
    expect(high.code).toBe(2);
  });
});
