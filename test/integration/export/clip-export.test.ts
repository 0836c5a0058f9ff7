import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPlay } from '../../../main/coding/coding-operations.js';
import { createPlaylist } from '../../../main/coding/playlists.js';
import { exportClips, TITLE_CARD_S } from '../../../main/export/clip-export.js';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { ffmpegPath, ffprobePath } from '../../../main/media/binaries.js';
import { CancelledError } from '../../../shared/errors.js';
import { cli } from '../../helpers/cli.js';
import { seedGame } from '../../helpers/seed.js';
import { suiteTempDir, tempDir } from '../../helpers/temp.js';

const FPS = 25;
const FRAME = 1 / FPS;

/** A 12 s test pattern at 25 fps with a keyframe every second, with a tone when `audio`. */
function writeVideo(file: string, audio: boolean): void {
  execFileSync(ffmpegPath(), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=160x90:r=${FPS}:d=12`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=12'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(FPS), '-keyint_min', String(FPS), '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    ...(audio ? ['-c:a', 'aac', '-shortest'] : []),
    file,
  ]);
}

function probe(file: string): { duration: number; streams: string[] } {
  const out = JSON.parse(execFileSync(ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file]).toString()) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(out.format.duration), streams: out.streams.map((s) => s.codec_name) };
}

/** The mean luma of the frame at `t`, and how many pixels are near white: text on a dark card. */
function brightPixels(file: string, t: number): number {
  const gray = execFileSync(ffmpegPath(), ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  return gray.filter((v) => v > 200).length;
}

function library(dir: string, audio: boolean): { db: Database; game: number; plays: number[] } {
  const video = path.join(dir, audio ? 'game.mp4' : 'silent.mp4');
  writeVideo(video, audio);
  const db = openLibrary(path.join(dir, 'lib.db'));
  const game = seedGame(db, { videoPath: video, durationS: 12, fps: FPS, width: 160, height: 90 });
  const plays = [
    addPlay(db, { gameId: game, startS: 2, endS: 4, playType: 'PRBallHandler', team: 'Suns', period: 4, clock: '5:12' }),
    addPlay(db, { gameId: game, startS: 5.32, endS: 7.08, playType: 'Isolation' }),
    addPlay(db, { gameId: game, startS: 9, endS: 11.6, playType: 'Cut' }),
  ].map((r) => r.plays[0]!.id);
  return { db, game, plays };
}

describe('clip export with real ffmpeg', () => {
  const dir = suiteTempDir();
  const { db, game, plays } = library(dir, true);

  it('writes one MP4 of all plays in order, within one frame of the plays plus lead/lag, H.264 + AAC', async () => {
    const out = path.join(tempDir(), 'all.mp4');
    const progress: number[] = [];
    const result = await exportClips(db, { gameId: game, out, leadS: 0.52, lagS: 0.4 }, { onProgress: (p) => progress.push(p.fraction) });
    // By hand: (1.48→4.4) + (4.8→7.48) + (8.48→12, clamped at the video's end) = 2.92 + 2.68 + 3.52.
    const expected = 2.92 + 2.68 + 3.52;
    expect(result.files[0]!.expectedDurationS).toBeCloseTo(expected, 6);
    const probed = probe(out);
    expect(Math.abs(probed.duration - expected)).toBeLessThanOrEqual(FRAME);
    expect(probed.streams.sort()).toEqual(['aac', 'h264']);
    expect(result.files[0]!.method).toBe('encode'); // 1.48 s is no keyframe
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('a joined file does not drift when spans end between frames: within one frame of the sum, not half a frame a play', async () => {
    const out = path.join(tempDir(), 'half-frames.mp4');
    // Lead 0.5 s and lag 0.4 s at 25 fps: every span is a whole number of frames and a half, which rounding each alone would round up.
    const result = await exportClips(db, { playIds: [plays[0]!, plays[1]!, plays[2]!, plays[0]!], out, leadS: 0.5, lagS: 0.4 });
    // By hand: (1.5→4.4) + (4.82→7.48) + (8.5→12, the video's end) + (1.5→4.4) = 2.9 + 2.66 + 3.5 + 2.9 (72.5, 66.5, 87.5, 72.5 frames).
    const expected = 2.9 + 2.66 + 3.5 + 2.9;
    expect(result.files[0]!.expectedDurationS).toBeCloseTo(expected, 6);
    expect(Math.abs(probe(out).duration - expected)).toBeLessThanOrEqual(FRAME);
  });

  it('stream-copies a cut that starts on a keyframe and re-encodes the others, one file per play', async () => {
    const folder = tempDir();
    const result = await exportClips(db, { playIds: [plays[0]!, plays[1]!, plays[2]!], perPlayDir: folder });
    expect(fs.readdirSync(folder).sort()).toEqual([`1-play-${plays[0]}-PRBallHandler.mp4`, `2-play-${plays[1]}-Isolation.mp4`, `3-play-${plays[2]}-Cut.mp4`]);
    expect(result.files.map((f) => f.method)).toEqual(['copy', 'encode', 'copy']);
    for (const [file, span] of result.files.map((f, i) => [f.path, [2, 1.76, 2.6][i]!] as const)) {
      const probed = probe(file);
      expect(Math.abs(probed.duration - span), file).toBeLessThanOrEqual(FRAME);
      expect(probed.streams.sort()).toEqual(['aac', 'h264']);
    }
  });

  it('puts a title card with text before each play: each file grows by the card', async () => {
    const folder = tempDir();
    const out = path.join(folder, 'titled.mp4');
    const result = await exportClips(db, { playIds: [plays[0]!, plays[1]!], out, perPlayDir: path.join(folder, 'each'), titles: true });
    expect(result.titleCards).toBe('drawtext');
    const expected = 2 + 1.76 + 2 * TITLE_CARD_S;
    expect(Math.abs(probe(out).duration - expected)).toBeLessThanOrEqual(FRAME);
    expect(Math.abs(probe(result.files[1]!.path).duration - (2 + TITLE_CARD_S))).toBeLessThanOrEqual(FRAME);
    // The card is dark with white text; the test pattern at the play has no such frame at the card's time.
    expect(brightPixels(out, 1)).toBeGreaterThan(30);
    expect(brightPixels(out, 1)).toBeLessThan(160 * 90 * 0.2);
  });

  it('a playlist exports in its order through the CLI, with --json', async () => {
    createPlaylist(db, { name: 'Two', playIds: [plays[2]!, plays[0]!] });
    const out = path.join(tempDir(), 'list.mp4');
    const run = await cli(['clips', 'export', '--library', db.name, '--playlist', 'Two', '--out', out, '--lag', '0.2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { files: { play_ids: number[]; method: string }[] };
    expect(json.files[0]!.method).toBe('copy'); // both start on keyframes of the one video
    expect(json.files[0]!.play_ids).toEqual([plays[2], plays[0]]);
    // 9→11.8 and 2→4.2.
    expect(Math.abs(probe(out).duration - (2.8 + 2.2))).toBeLessThanOrEqual(FRAME);
  });

  it('stops when cancelled and leaves no output file', async () => {
    const out = path.join(tempDir(), 'cancelled.mp4');
    const abort = new AbortController();
    const exporting = exportClips(db, { gameId: game, out, titles: true }, { signal: abort.signal, onProgress: (p) => (p.done >= 1 ? abort.abort() : undefined) });
    await expect(exporting).rejects.toThrow(CancelledError);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a cancelled export into a folder an earlier export filled leaves that export\'s files as they were', async () => {
    const folder = path.join(tempDir(), 'session');
    const request = { playIds: [plays[0]!, plays[1]!, plays[2]!], perPlayDir: folder };
    await exportClips(db, request);
    const before = new Map(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name))]));
    expect(before.size).toBe(3);
    const abort = new AbortController();
    // The same names again (with title cards, so the bytes differ), cancelled after the first file.
    const again = exportClips(db, { ...request, titles: true }, { signal: abort.signal, onProgress: (p) => (p.done >= 1 ? abort.abort() : undefined) });
    await expect(again).rejects.toThrow(CancelledError);
    expect(fs.readdirSync(folder).sort()).toEqual([...before.keys()].sort());
    for (const [name, bytes] of before) expect(fs.readFileSync(path.join(folder, name)).equals(bytes), name).toBe(true);
  });

  it('a video without sound exports without an audio track', async () => {
    const { db: silent, game: silentGame } = library(tempDir(), false);
    const out = path.join(tempDir(), 'silent.mp4');
    await exportClips(silent, { gameId: silentGame, out, leadS: 0.3 });
    expect(probe(out).streams).toEqual(['h264']);
    silent.close();
  });
});
