import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/index.js';
import { openFilmRoom, type FilmRoom } from '../../main/services/index.js';
import { rendererDir } from '../../main/system/package-paths.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { tempDir } from '../helpers/temp.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { FeatureSetWriter, featureSetFolder, shardFile } from '../../main/library/feature-files.js';
import { replaceAtomically } from '../../main/system/atomic-file.js';
import { connectClient, rpcUrl } from '../integration/host/fixtures.js';

// The review's second finding: with the token, a page wrote any file (reports.export created
// folders on the way and overwrote a file outside the library) and probed which paths existed
// (jobs.startImport with relative or arbitrary paths). Attacked here over the real WebSocket.
// (Verified failing first: before, the outside file was overwritten, the folders were created,
// and a relative import path was accepted.)

describe('what a page may have Film Room write and read', () => {
  let root: string;
  let room: FilmRoom;
  let host: RunningHost;
  let client: Awaited<ReturnType<typeof connectClient>>;
  const reportsFolder = () => path.join(root, 'lib.reports');

  beforeEach(async () => {
    root = fs.realpathSync(tempDirFor());
    room = openFilmRoom({ libraryPath: path.join(root, 'lib.db'), frontDoor: 'browser' });
    const game = seedGame(room.db, { season: '2025-26', name: 'Hawks @ Owls' });
    seedPlay(room.db, game, 5, 'Transition');
    host = await startHost({ dispatcher: room.dispatcher, rendererDir: rendererDir() });
    client = await connectClient(rpcUrl(host.port), host.origin, host.token);
  });
  afterEach(async () => {
    client.socket.close();
    await host.close();
    await room.close();
  });
  const tempDirs: string[] = [];
  function tempDirFor(): string {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'filmroom-security-writes-'));
    tempDirs.push(dir);
    return dir;
  }
  afterEach(() => {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes an export by name into the library’s reports folder, private', async () => {
    const exported = await client.api.reports.export({ kind: 'plays', out: 'scouting.csv' });
    expect(exported.path).toBe(path.join(reportsFolder(), 'scouting.csv'));
    expect(fs.readFileSync(exported.path, 'utf8')).toContain('Hawks @ Owls');
    expect(fs.statSync(exported.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(reportsFolder()).mode & 0o777).toBe(0o700);
    const nested = await client.api.reports.export({ kind: 'frequency', out: path.join(reportsFolder(), 'week-1', 'freq.csv') });
    expect(fs.existsSync(nested.path)).toBe(true);
    const byDefault = await client.api.reports.export({ kind: 'frequency' });
    expect(path.dirname(byDefault.path)).toBe(reportsFolder());
  });

  it('refuses any path outside the reports folder, overwriting nothing and creating no folder, in words that do not say what exists', async () => {
    const victim = path.join(root, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    const attempts = [victim, path.join(root, 'new-folder', 'deep', 'x.csv'), '../victim.txt', '../../etc/x.csv', path.join(reportsFolder(), '..', 'victim.txt'), '/etc/passwd', path.join(root, 'nope', 'missing.csv')];
    const messages: string[] = [];
    for (const out of attempts) {
      const refusal = await client.api.reports.export({ kind: 'plays', out }).then(() => null, (error: Error) => error);
      expect(refusal, out).not.toBeNull();
      expect(refusal!.name, out).toBe('ValidationError');
      messages.push(refusal!.message);
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    expect(fs.existsSync(path.join(root, 'new-folder'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'nope'))).toBe(false);
    // One message for all: an existing file and a missing one cannot be told apart.
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/inside the library’s reports folder/);
  });

  it('does not follow a link inside the reports folder out of it', async () => {
    fs.mkdirSync(reportsFolder(), { recursive: true });
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(reportsFolder(), 'escape'));
    await expect(client.api.reports.export({ kind: 'plays', out: 'escape/plays.csv' })).rejects.toThrow(/inside the library’s reports folder/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('writes outside the folder only to a file chosen in the app’s own save dialog', async () => {
    const chosen = path.join(root, 'chosen', 'plays.csv');
    fs.mkdirSync(path.dirname(chosen));
    // Electron's dialog cannot run here; this stands in for what the user picked in it.
    room.api.app.saveFilePicker = async (_title, defaultPath) => {
      expect(defaultPath).toBe(path.join(reportsFolder(), 'plays.csv'));
      return chosen;
    };
    await expect(client.api.reports.export({ kind: 'plays', out: chosen })).rejects.toThrow(/reports folder/);
    expect(await client.api.app.chooseSaveFile({ title: 'Export', defaultName: 'plays.csv' })).toBe(chosen);
    const exported = await client.api.reports.export({ kind: 'plays', out: chosen });
    expect(exported.path).toBe(chosen);
    expect(fs.readFileSync(chosen, 'utf8')).toContain('Hawks @ Owls');
    // The grant is for that file only.
    await expect(client.api.reports.export({ kind: 'plays', out: path.join(root, 'chosen', 'other.csv') })).rejects.toThrow(/reports folder/);
  });

  it('has no save dialog in browser mode, and a picker path cannot be smuggled in', async () => {
    expect(await client.api.app.chooseSaveFile({ title: 'Export', defaultName: 'plays.csv' })).toBeNull();
    await expect(client.api.app.chooseSaveFile({ title: 'Export', defaultName: '../../etc/x.csv' })).rejects.toThrow(/a file name, not a path/);
  });

  it('imports only absolute paths of folders or importable files, refusing the rest in the same words', async () => {
    const season = path.join(root, 'season');
    fs.mkdirSync(season);
    await expect(client.api.jobs.startImport({ path: 'season' })).rejects.toThrow(/full path/);
    await expect(client.api.jobs.startImport({ path: './season' })).rejects.toThrow(/full path/);
    const secret = path.join(root, 'secret.key');
    fs.writeFileSync(secret, 'private');
    const refusals: string[] = [];
    for (const target of [path.join(root, 'missing'), path.join(root, 'missing.csv'), secret, '/etc/shadow', '/dev/null']) {
      const error = await client.api.jobs.startImport({ path: target }).then(() => null, (e: Error) => e);
      expect(error, target).not.toBeNull();
      refusals.push(error!.message.replace(target, '<path>'));
    }
    expect(new Set(refusals).size).toBe(1);
    const job = await client.api.jobs.startImport({ path: season });
    expect(job.kind).toBe('import');
  });

  it('leaves the command line free to write where it is told', async () => {
    const cli = openFilmRoom({ libraryPath: path.join(root, 'lib.db'), frontDoor: 'cli' });
    try {
      const out = path.join(root, 'anywhere', 'plays.csv');
      const exported = await cli.api.reports.export({ kind: 'plays', out });
      expect(exported.path).toBe(out);
      expect(fs.existsSync(out)).toBe(true);
    } finally {
      await cli.close();
    }
  });
});

describe('files Film Room creates are private', () => {
  const dir = tempDir('filmroom-security-modes-');

  it('makes the library 0600 in a 0700 folder, whatever the umask (failed before: 0644 and 0755)', async () => {
    const previous = process.umask(0o022);
    try {
      const libraryFolder = path.join(dir, 'new', 'Film Room');
      const room = openFilmRoom({ libraryPath: path.join(libraryFolder, 'library.filmroom.db'), frontDoor: 'browser' });
      const exported = await room.api.reports.export({ kind: 'frequency', out: 'f.csv' });
      await room.close();
      expect(fs.statSync(path.join(libraryFolder, 'library.filmroom.db')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(libraryFolder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dir, 'new')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(exported.path).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(exported.path)).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('writes clips and weight files 0600 in 0700 folders, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const clips = new ClipCache(path.join(dir, 'lib.clips'));
      const clip = await clips.write(clips.relativePath('ab'.repeat(32), 1, 2, 40, 8), new Uint8Array(40 * 8 * 8 * 3), { frames: 40, size: 8 });
      const clipFile = clips.absolutePath(clip.path);
      expect(fs.statSync(clipFile).mode & 0o777).toBe(0o600);
      for (let folder = path.dirname(clipFile); folder !== dir; folder = path.dirname(folder)) expect(fs.statSync(folder).mode & 0o777, folder).toBe(0o700);
      const weights = path.join(dir, 'lib.weights', 'tuned.h5');
      await replaceAtomically(weights, (temp) => fs.promises.writeFile(temp, 'weights', { mode: 0o644 }));
      expect(fs.statSync(weights).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(weights)).mode & 0o777).toBe(0o700);
      // Season's feature shards: new folders 0700 (the features folder and the set's), shards 0600.
      const features = new FeatureSetWriter(featureSetFolder(path.join(dir, 'lib.db'), 'cd'.repeat(16)), { frames: 2, dim: 4 });
      features.write({ shard: 0, row: 0 }, new Float32Array(8));
      features.close();
      expect(fs.statSync(shardFile(features.folder, 0)).mode & 0o777).toBe(0o600);
      for (let folder = features.folder; folder !== dir; folder = path.dirname(folder)) expect(fs.statSync(folder).mode & 0o777, folder).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('the command line creates everything private, SQLite’s own files included', async () => {
    const library = path.join(dir, 'cli', 'lib.db');
    const result = await spawnFilmroom(['library', 'info', '--library', library, '--json']).output;
    expect(result.code, result.stderr).toBe(0);
    const files = fs.readdirSync(path.dirname(library));
    expect(files).toContain('lib.db');
    for (const file of files) expect(fs.statSync(path.join(path.dirname(library), file)).mode & 0o777, file).toBe(0o600);
  });
});
