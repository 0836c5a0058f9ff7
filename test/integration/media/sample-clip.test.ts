import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeVideo, UnreadableVideoError } from '../../../main/media/probe.js';
import { ClipDecodeError, sampleClip } from '../../../main/media/sample-clip.js';
import { decodeAllFrames, writeCountingVideo } from '../../helpers/video.js';
import { suiteTempDir } from '../../helpers/temp.js';

describe('probing and sampling real video with ffmpeg', () => {
  const dir = suiteTempDir('filmroom-media-');
  const video = path.join(dir, 'counting.mp4');
  let reference: Buffer[];

  beforeAll(() => {
    writeCountingVideo(video, { seconds: 12, fps: 25, gop: 50 });
    reference = decodeAllFrames(video, 16);
  });

  it('probes duration, frame rate, size and codec', async () => {
    const info = await probeVideo(video);
    expect(info.codec).toBe('h264');
    expect(info.fps).toBe(25);
    expect([info.width, info.height]).toEqual([96, 64]);
    expect(info.durationS).toBeCloseTo(12, 1);
    expect(reference).toHaveLength(300);
    // The reference frames really differ, so a wrong index cannot pass unnoticed.
    expect(new Set(reference.map((f) => f.toString('hex'))).size).toBe(300);
  });

  it('samples T frames evenly over [start, end], frame-accurately, even far from a keyframe', async () => {
    const info = await probeVideo(video);
    // [3.3, 7.7] s in 40 slices of 0.11 s; slot i shows frame floor((3.3 + 0.11 (i + 0.5)) × 25).
    const { rgb } = await sampleClip({ file: video, video: info, startS: 3.3, endS: 7.7, frames: 40, size: 16 });
    const frameBytes = 16 * 16 * 3;
    expect(rgb.length).toBe(40 * frameBytes);
    for (let i = 0; i < 40; i++) {
      const expected = Math.floor((3.3 + 0.11 * (i + 0.5)) * 25 + 1e-6);
      const got = Buffer.from(rgb.subarray(i * frameBytes, (i + 1) * frameBytes));
      expect(got.equals(reference[expected]!), `slot ${i} should be frame ${expected}`).toBe(true);
    }
  });

  it('repeats frames when a play has fewer frames than T, and reaches the video’s last frame', async () => {
    const info = await probeVideo(video);
    const { rgb } = await sampleClip({ file: video, video: info, startS: 11.5, endS: 12, frames: 40, size: 16 });
    const frameBytes = 16 * 16 * 3;
    const first = Buffer.from(rgb.subarray(0, frameBytes));
    const last = Buffer.from(rgb.subarray(39 * frameBytes));
    expect(first.equals(reference[287]!)).toBe(true); // floor((11.5 + 0.00625) × 25) = 287
    expect(last.equals(reference[299]!)).toBe(true);
  });

  it('reports corrupt, empty and truncated videos with a reason', async () => {
    const empty = path.join(dir, 'empty.mp4');
    fs.writeFileSync(empty, '');
    await expect(probeVideo(empty)).rejects.toBeInstanceOf(UnreadableVideoError);

    const garbage = path.join(dir, 'garbage.mp4');
    fs.writeFileSync(garbage, Buffer.alloc(50_000, 7));
    await expect(probeVideo(garbage)).rejects.toThrow(/ffprobe cannot read it/);

    // The first third of the file: ffprobe still believes the header's duration, decoding fails.
    const truncated = path.join(dir, 'truncated.mp4');
    const bytes = fs.readFileSync(video);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const info = await probeVideo(truncated).catch((error: Error) => error);
    if (info instanceof Error) {
      expect(info).toBeInstanceOf(UnreadableVideoError);
    } else {
      await expect(sampleClip({ file: truncated, video: info, startS: 9, endS: 11, frames: 10, size: 16 })).rejects.toBeInstanceOf(ClipDecodeError);
    }
  });
});
