import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../shared/errors.js';
import { createAnnotationResolver, readAnnotationFile } from '../../../main/annotations/index.js';
import { probeVideo } from '../../../main/media/probe.js';
import { synthesizeSeason, type SynthesizeResult } from '../../../main/synth/index.js';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };
import { suiteTempDir } from '../../helpers/temp.js';

// Small and quick, but real: 2 games × 3 plays, 128×72 at 12 fps, rendered three times.
const OPTIONS = { games: 2, playsPerGame: 3, width: 128, fps: 12 } as const;
const resolver = createAnnotationResolver(defaultTaxonomy.playTypes);
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const hashes = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, sha256(path.join(dir, name))]));

describe('synthesizeSeason with real ffmpeg', () => {
  const root = suiteTempDir('filmroom-synth-');
  const dirs = { a: path.join(root, 'a'), again: path.join(root, 'again'), other: path.join(root, 'other') };
  let result: SynthesizeResult;
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    result = await synthesizeSeason({ ...OPTIONS, outDir: dirs.a, seed: 5, onProgress: (done, total, label) => progress.push([done, total, label]) });
    await synthesizeSeason({ ...OPTIONS, outDir: dirs.again, seed: 5 });
    await synthesizeSeason({ ...OPTIONS, outDir: dirs.other, seed: 6 });
  });

  it('writes two videos, the season’s CSV and JSON, an edit list per game and season.json — and reports them all', () => {
    const names = ['annotations.csv', 'annotations.json', 'game-001.mp4', 'game-001.xml', 'game-002.mp4', 'game-002.xml', 'season.json'];
    expect(fs.readdirSync(dirs.a).sort()).toEqual(names);
    expect([...result.files].sort()).toEqual(names.map((n) => path.join(dirs.a, n)));
    expect(result.videos).toEqual([path.join(dirs.a, 'game-001.mp4'), path.join(dirs.a, 'game-002.mp4')]);
    expect(result.records).toHaveLength(6);
  });

  it('renders real H.264 MP4s of the asked size, frame rate and length', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dirs.a, 'season.json'), 'utf8'));
    for (const [g, video] of result.videos.entries()) {
      const info = await probeVideo(video);
      expect(info.codec).toBe('h264');
      expect([info.width, info.height]).toEqual([128, 72]);
      expect(info.fps).toBe(12);
      expect(info.durationS).toBeCloseTo(manifest.games[g].frames / 12, 0);
    }
    expect(manifest).toMatchObject({ seed: 5, width: 128, height: 72, fps: 12, playsPerGame: 3, plays: 6, generatorVersion: 1 });
    expect(Object.values(manifest.playTypes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('writes annotation files that the importers read back without an error', async () => {
    const csv = fs.readFileSync(path.join(dirs.a, 'annotations.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('game,video,start,end,play_type,id,team,period,clock,player');
    const fromCsv = await readAnnotationFile(path.join(dirs.a, 'annotations.csv'), resolver);
    const fromJson = await readAnnotationFile(path.join(dirs.a, 'annotations.json'), resolver);
    expect(fromCsv.errors).toEqual([]);
    expect(fromJson.errors).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dirs.a, 'annotations.json'), 'utf8'))).toHaveLength(6);
    const plays = (rows: typeof fromCsv.rows) => rows.map((r) => [r.video, r.startS, r.endS, r.playType, r.team]);
    const expected = result.records.map((r) => [r.video, r.startS, r.endS, r.playType, r.team]);
    expect(plays(fromCsv.rows)).toEqual(expected);
    expect(plays(fromJson.rows)).toEqual(expected);
    for (const base of ['game-001', 'game-002']) {
      const xml = await readAnnotationFile(path.join(dirs.a, `${base}.xml`), resolver);
      expect(xml.errors).toEqual([]);
      expect(xml.rows.map((r) => [r.startS, r.endS, r.playType])).toEqual(
        result.records.filter((r) => r.video === `${base}.mp4`).map((r) => [r.startS, r.endS, r.playType]),
      );
      expect(xml.skipped).toEqual({ Team: 3, Possession: 3 });
      expect(xml.rows.every((r) => r.tags.some((t) => t.startsWith('Player:')))).toBe(true);
      expect(fs.readFileSync(path.join(dirs.a, `${base}.xml`), 'utf8').match(/<instance>/g)).toHaveLength(9);
    }
  });

  it('places plays of 4–12 s inside each video, in order and without overlap', async () => {
    for (const video of result.videos) {
      const { durationS } = await probeVideo(video);
      const plays = result.records.filter((r) => r.video === path.basename(video));
      expect(plays).toHaveLength(3);
      plays.forEach((play, i) => {
        expect(play.endS - play.startS).toBeGreaterThanOrEqual(4);
        expect(play.endS - play.startS).toBeLessThanOrEqual(12);
        expect(play.startS).toBeGreaterThan(i === 0 ? 0 : plays[i - 1]!.endS);
        expect(play.endS).toBeLessThan(durationS);
      });
    }
  });

  it('gives byte-identical files for the same seed, and different videos for another seed', () => {
    const a = hashes(dirs.a);
    expect(hashes(dirs.again)).toEqual(a);
    const other = hashes(dirs.other);
    for (const name of ['game-001.mp4', 'game-002.mp4', 'annotations.csv']) expect(other[name]).not.toBe(a[name]);
  });

  it('reports progress in frames, ending at the total', () => {
    expect(progress[0]).toEqual([0, progress[0]![1], 'starting']);
    const done = progress.map(([d]) => d);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    const [lastDone, total] = progress.at(-1)!;
    expect(lastDone).toBe(total);
    expect(new Set(progress.slice(1).map(([, , label]) => label))).toEqual(new Set(['game-001.mp4', 'game-002.mp4']));
  });

  it('stops when cancelled, leaving no partial video behind', async () => {
    const dir = path.join(root, 'cancelled');
    const controller = new AbortController();
    const run = synthesizeSeason({
      ...OPTIONS,
      outDir: dir,
      seed: 7,
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part') || f.endsWith('.mp4'))).toEqual([]);
  });

  it('refuses bad options before writing anything', async () => {
    const dir = path.join(root, 'never');
    await expect(synthesizeSeason({ outDir: dir, games: 0, playsPerGame: 3, seed: 1 })).rejects.toThrow(/--games/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
