/**
 * Clip export as a job: through the services as the app starts it, in a real forked worker (the
 * built dist/main/worker.js: run `npm run build` first) with real ffmpeg. Progress counts plays,
 * the file lands in the library's reports folder, the download route serves it, and a cancel
 * leaves no partial file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPlay } from '../../../main/coding/coding-operations.js';
import { ffmpegPath, ffprobePath } from '../../../main/media/binaries.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { parseWorkerResult } from '../../../main/worker/protocol.js';
import type { JobProgress } from '../../../shared/api/app.js';
import type { JobInfo } from '../../../shared/api/jobs.js';
import { seedGame } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

const FPS = 25;

function writeVideo(file: string, seconds: number): void {
  execFileSync(ffmpegPath(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=160x90:r=${FPS}:d=${seconds}`, '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(FPS), '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
}

function probe(file: string): { duration: number; streams: string[] } {
  const out = JSON.parse(execFileSync(ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file]).toString()) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(out.format.duration), streams: out.streams.map((s) => s.codec_name).sort() };
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let room: FilmRoom | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

function openRoom(plays: number): { room: FilmRoom; playIds: number[]; reports: string } {
  const dir = tempDir();
  const video = path.join(dir, 'game.mp4');
  writeVideo(video, plays * 2 + 1);
  const opened = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
  const game = seedGame(opened.db, { videoPath: video, durationS: plays * 2 + 1, fps: FPS, width: 160, height: 90 });
  const playIds = Array.from({ length: plays }, (_, i) => addPlay(opened.db, { gameId: game, startS: 0.6 + i * 2, endS: 1.8 + i * 2, playType: 'Cut' }).plays[0]!.id);
  return { room: opened, playIds, reports: path.join(dir, 'library.reports') };
}

describe('a clip export job', () => {
  it('exports a hand-picked list as one MP4 in the reports folder, counting plays, with a download address', async () => {
    const opened = openRoom(3);
    room = opened.room;
    const progress: JobProgress[] = [];
    room.api.app.onDidProgress((p) => progress.push(p));
    const started = await room.api.jobs.startClipExport({ playIds: [opened.playIds[2]!, opened.playIds[0]!], layout: 'one-file', out: 'two.mp4', leadS: 0.2, lagS: 0.4 });
    expect(started.kind).toBe('clips');
    expect(started.target).toBe(path.join(opened.reports, 'two.mp4'));
    const info = await until(async () => {
      const job = await room!.api.jobs.get({ jobId: started.jobId });
      return job.state === 'running' ? undefined : job;
    });
    expect(info.state, info.error ?? '').toBe('finished');
    if (info.kind !== 'clips') throw new Error('not a clip job');
    // Two plays of 1.2 s, each widened by 0.2 + 0.4 s.
    const expected = 2 * (1.2 + 0.6);
    expect(info.result!.files[0]!.expectedDurationS).toBeCloseTo(expected, 6);
    const probed = probe(path.join(opened.reports, 'two.mp4'));
    expect(Math.abs(probed.duration - expected)).toBeLessThanOrEqual(1 / FPS);
    expect(probed.streams).toEqual(['aac', 'h264']);
    const mine = progress.filter((p) => p.jobId === started.jobId);
    expect(mine.every((p) => p.kind === 'clips')).toBe(true);
    expect(mine.filter((p) => p.state === 'running' && p.total > 0).map((p) => p.total)).toContain(2);
    expect(mine.at(-1)).toMatchObject({ state: 'finished', done: 2, total: 2 });
    expect(await room.api.app.downloadUrl({ jobId: started.jobId, file: 0 })).toBe(`/media/export/${started.jobId}/0`);
    await expect(room.api.app.downloadUrl({ jobId: started.jobId, file: 1 })).rejects.toThrow(/no finished file 2/);
  });

  it('refuses a path outside the reports folder from a page, before any work', async () => {
    const opened = openRoom(1);
    room = opened.room;
    await expect(room.api.jobs.startClipExport({ playIds: opened.playIds, layout: 'one-file', out: path.join(tempDir(), 'x.mp4') })).rejects.toThrow(/reports folder/);
    await expect(room.api.jobs.startClipExport({ playIds: opened.playIds, layout: 'per-play', out: '../outside' })).rejects.toThrow(/reports folder/);
    await expect(room.api.jobs.startClipExport({ playlist: 'No such list', layout: 'one-file' })).rejects.toThrow(/No playlist named "No such list"/);
    expect((await room.api.jobs.list({})).length).toBe(0);
  });

  it('cancelled midway, ends as cancelled and leaves no file of its own behind', async () => {
    const opened = openRoom(8);
    room = opened.room;
    fs.mkdirSync(opened.reports, { recursive: true });
    const started = await room.api.jobs.startClipExport({ gameId: 1, layout: 'per-play', out: 'session', titles: true });
    const folder = path.join(opened.reports, 'session');
    // Wait for at least one finished play (written under a temporary name until the export ends), then stop.
    await until(async () => ((await opened.room.api.jobs.list({})).some((job) => job.jobId === started.jobId && job.done >= 1) ? true : undefined));
    const info: JobInfo = await room.api.jobs.cancel({ jobId: started.jobId });
    expect(info.state).toBe('cancelled');
    // Its name again, not the play it was on when it stopped.
    expect(info.label).toBe('Clips: game 1 → session/ (one file per play)');
    expect(info.done).toBeGreaterThanOrEqual(1);
    expect(info.done).toBeLessThan(8);
    expect(fs.existsSync(folder)).toBe(false);
    expect(fs.readdirSync(opened.reports)).toEqual([]);
  });

  it('the worker protocol checks a clip result against its schema', () => {
    const good = { files: [{ path: '/r/a.mp4', playIds: [1], expectedDurationS: 2, method: 'copy' }], plays: 1, titleCards: 'none', font: null };
    expect(parseWorkerResult('clips', { type: 'result', kind: 'clips', result: good }).files[0]!.path).toBe('/r/a.mp4');
    expect(() => parseWorkerResult('clips', { type: 'result', kind: 'clips', result: { ...good, method: 'zip' , files: [{ ...good.files[0], method: 'zip' }] } })).toThrow(/malformed clips result/);
    expect(() => parseWorkerResult('clips', { type: 'result', kind: 'import', result: good })).toThrow(/“import” job/);
  });
});
