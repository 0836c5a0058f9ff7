import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../main/media/binaries.js';
import { probeVideo } from '../../../main/media/probe.js';
import { EncodeError, openEncoder } from '../../../main/synth/encoder.js';
import { suiteTempDir } from '../../helpers/temp.js';

describe('piping frames into ffmpeg', () => {
  const root = suiteTempDir('filmroom-encoder-');
  let dir = root;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(root, 'case-'));
  });

  it('encodes raw RGB frames to an H.264 MP4 of exactly that many frames', async () => {
    const file = path.join(dir, 'ok.mp4');
    const encoder = openEncoder({ file, width: 64, height: 36, fps: 10 });
    for (let k = 0; k < 30; k++) await encoder.write(new Uint8Array(64 * 36 * 3).fill(k * 8));
    await encoder.finish();
    const info = await probeVideo(file);
    expect([info.codec, info.width, info.height, info.fps]).toEqual(['h264', 64, 36, 10]);
    expect(info.durationS).toBeCloseTo(3, 1);
    expect(fs.readdirSync(dir)).toEqual(['ok.mp4']);
  });

  it('fails with ffmpeg’s own reason when it cannot write the video, and leaves no partial file', async () => {
    // A folder that does not exist: ffmpeg starts, takes the first frames, fails to open its output.
    const file = path.join(dir, 'missing', 'x.mp4');
    const encoder = openEncoder({ file, width: 64, height: 36, fps: 10 });
    const attempt = async () => {
      for (let k = 0; k < 200; k++) await encoder.write(new Uint8Array(64 * 36 * 3));
      await encoder.finish();
    };
    const error = await attempt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as Error).message).toMatch(/^ffmpeg failed to encode .*x\.mp4 \(exit code [1-9]\d*\):\n[\s\S]*No such file or directory/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses odd frame sizes (4:2:0 needs even ones) before starting ffmpeg', () => {
    expect(() => openEncoder({ file: path.join(dir, 'odd.mp4'), width: 65, height: 36, fps: 10 })).toThrow(/even frame size, got 65×36/);
  });

  it('keeps colours: a flat frame decodes back to (nearly) the same RGB', async () => {
    const file = path.join(dir, 'colour.mp4');
    const encoder = openEncoder({ file, width: 64, height: 36, fps: 10 });
    const colours = [[200, 30, 40], [20, 60, 200], [205, 160, 112]] as const;
    for (const c of colours) for (let k = 0; k < 10; k++) await encoder.write(Uint8Array.from({ length: 64 * 36 * 3 }, (_, i) => c[i % 3]!));
    await encoder.finish();
    const raw = execFileSync(ffmpegPath(), ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 26 });
    colours.forEach((c, n) => {
      const at = (n * 10 + 5) * 64 * 36 * 3 + (18 * 64 + 32) * 3; // mid-frame of each colour, mid-picture
      expect([raw[at], raw[at + 1], raw[at + 2]].every((v, i) => Math.abs(v! - c[i]!) <= 4), `colour ${c}`).toBe(true);
    });
  });

  it('says so when ffmpeg cannot be started at all', async () => {
    const encoder = openEncoder({ file: path.join(dir, 'x.mp4'), width: 64, height: 36, fps: 10, ffmpeg: path.join(dir, 'no-such-ffmpeg') });
    await expect(encoder.finish()).rejects.toThrow(/cannot start ffmpeg/);
  });

  it('rejects a frame of the wrong size', async () => {
    const encoder = openEncoder({ file: path.join(dir, 'y.mp4'), width: 64, height: 36, fps: 10 });
    await expect(encoder.write(new Uint8Array(10))).rejects.toThrow(/64×36×3 = 6912 bytes, got 10/);
    await encoder.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
