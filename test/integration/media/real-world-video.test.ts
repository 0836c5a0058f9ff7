/**
 * Video as cameras and recorders write it, made here with ffmpeg: variable frame rate, rotation
 * metadata, non-square pixels, containers by other names, a video track that starts after its
 * audio, an MP4 edit list, a stream cut without a keyframe, audio alone, a name starting with "-".
 * Each clip is checked against frames ffmpeg gives for `-ss t` at each instant (and, where it can
 * be, against the frame known to be on screen from how the file was made).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mediaInput } from '../../../main/media/binaries.js';
import { sampleInstants } from '../../../main/media/frame-times.js';
import { probeVideo, UnreadableVideoError } from '../../../main/media/probe.js';
import { ClipDecodeError, sampleClip } from '../../../main/media/sample-clip.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { decodeAllFrames, ffmpeg, frameAtTime, indexOfFrame, vfrFrameTime, writeCountingVideo, writeVfrCountingVideo } from '../../helpers/video.js';

const S = 16;
const FRAME_BYTES = S * S * 3;
const slotOf = (rgb: Uint8Array, i: number) => rgb.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES);

/** Mean absolute difference of two RGB frames, 0–255. */
function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('sampling by presentation time: a variable-frame-rate video', () => {
  const dir = suiteTempDir('filmroom-vfr-');
  const video = path.join(dir, 'vfr.mp4');
  let reference: Buffer[];

  beforeAll(() => {
    writeVfrCountingVideo(video, { seconds: 8 });
    reference = decodeAllFrames(video, S);
  });

  it('probes an average frame rate that no single rate would sample correctly', async () => {
    const info = await probeVideo(video);
    // 300 frames stored; the muxer's edit list hides the last one's stub, so 299 are shown.
    expect(reference.length).toBeGreaterThanOrEqual(299);
    expect(new Set(reference.map((f) => f.toString('hex'))).size).toBe(reference.length);
    expect(info.fps).toBeCloseTo(37.5, 0); // about 300 frames in 8 s
    expect(info.durationS).toBeCloseTo(8, 1);
  });

  it('gives, in every slot, the frame on screen at its instant, across the change from 25 to 50 fps', async () => {
    const info = await probeVideo(video);
    const [startS, endS] = [2.9, 5.3];
    const { rgb } = await sampleClip({ file: video, video: info, startS, endS, frames: 40, size: S });
    const instants = sampleInstants(startS, endS, 40);
    let byIndexWouldMiss = 0;
    for (const [i, t] of instants.entries()) {
      // Worked from how the file was made: the last frame k starting at or before t.
      let k = 0;
      while (k + 1 < 300 && vfrFrameTime(k + 1) <= t + 1e-9) k++;
      expect(indexOfFrame(reference, slotOf(rgb, i)), `slot ${i} at ${t.toFixed(3)} s should be frame ${k}`).toBe(k);
      if (Math.floor(t * info.fps + 1e-6) !== k) byIndexWouldMiss++;
    }
    // The old way (index = t × average fps) picks other frames for most slots: this test can fail.
    expect(byIndexWouldMiss).toBeGreaterThan(20);
  });

  it('matches ffmpeg’s by-time reference (-ss per instant) within one frame', async () => {
    const info = await probeVideo(video);
    const [startS, endS] = [3.5, 4.7];
    const { rgb } = await sampleClip({ file: video, video: info, startS, endS, frames: 40, size: S });
    for (const [i, t] of sampleInstants(startS, endS, 40).entries()) {
      const ours = indexOfFrame(reference, slotOf(rgb, i));
      const theirs = indexOfFrame(reference, frameAtTime(video, t, S));
      expect(ours).toBeGreaterThanOrEqual(0);
      expect(theirs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(ours - theirs), `slot ${i} at ${t.toFixed(3)} s: ours ${ours}, ffmpeg -ss ${theirs}`).toBeLessThanOrEqual(1);
    }
  });
});

describe('rotation and non-square pixels', () => {
  const dir = suiteTempDir('filmroom-rotate-');
  const upright = path.join(dir, 'upright.mp4');
  const rotated = path.join(dir, 'rotated.mp4');
  const anamorphic = path.join(dir, 'anamorphic.mp4');

  beforeAll(() => {
    // A picture whose orientation shows: bright on the left third, dark elsewhere, a grey top band.
    ffmpeg([
      '-f', 'lavfi', '-i', 'color=c=black:s=96x64:r=25:d=2',
      '-vf', "geq=lum='if(lt(X\\,32)\\,235\\,if(lt(Y\\,16)\\,128\\,16))':cb=128:cr=128",
      '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', upright,
    ]);
    // As a phone held upright writes it: the stored picture is landscape, a matrix turns it.
    ffmpeg(['-i', upright, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    // 64×64 stored pixels shown 2:1 wide (SAR 2:1), as HDV and DV cameras write.
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=64x64:r=25:d=1', '-vf', 'setsar=2/1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', anamorphic]);
  });

  it('stores the displayed size: width and height swapped by a quarter turn, stretched by the pixel aspect', async () => {
    const plain = await probeVideo(upright);
    expect([plain.width, plain.height, plain.rotation]).toEqual([96, 64, 0]);
    const turned = await probeVideo(rotated);
    expect([turned.width, turned.height]).toEqual([64, 96]);
    expect([turned.codedWidth, turned.codedHeight]).toEqual([96, 64]);
    expect(turned.rotation % 180).toBe(90);
    const wide = await probeVideo(anamorphic);
    expect([wide.width, wide.height, wide.codedWidth]).toEqual([128, 64, 64]);
  });

  it('samples a 90°-rotated video upright: as ffmpeg’s autorotated reference, not as the stored picture', async () => {
    const info = await probeVideo(rotated);
    const { rgb } = await sampleClip({ file: rotated, video: info, startS: 0.5, endS: 1.5, frames: 4, size: S });
    const autorotated = frameAtTime(rotated, 0.625, S);
    const stored = frameAtTime(rotated, 0.625, S, ['-noautorotate']);
    // The two references differ a lot, so matching one is meaningful.
    expect(meanDifference(autorotated, stored)).toBeGreaterThan(40);
    for (let i = 0; i < 4; i++) expect(meanDifference(slotOf(rgb, i), autorotated)).toBeLessThan(1);

    // And independently of ffmpeg's rotation: the stored picture turned by hand, by the probed
    // rotation (counter-clockwise), is what the clip shows.
    const turnedByHand = new Uint8Array(FRAME_BYTES);
    const quarterTurns = info.rotation / 90;
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        // One counter-clockwise quarter turn: output (x, y) comes from input (S−1−y, x).
        let [sx, sy] = [x, y];
        for (let q = 0; q < quarterTurns; q++) [sx, sy] = [S - 1 - sy, sx];
        turnedByHand.set(stored.subarray((sy * S + sx) * 3, (sy * S + sx) * 3 + 3), (y * S + x) * 3);
      }
    }
    expect(meanDifference(slotOf(rgb, 0), turnedByHand)).toBeLessThan(3);
  });
});

describe('containers by other names, odd starts, and files that are not video', () => {
  const dir = suiteTempDir('filmroom-odd-video-');
  const counting = path.join(dir, 'counting.mp4');
  let reference: Buffer[];

  beforeAll(() => {
    writeCountingVideo(counting, { seconds: 4, fps: 25, gop: 25 });
    reference = decodeAllFrames(counting, S);
  });

  /** Samples [startS, endS] and checks each slot against ffmpeg's -ss frame within one frame of the counting video. */
  async function expectByTime(file: string, startS: number, endS: number, frames = 8) {
    const info = await probeVideo(file);
    const { rgb } = await sampleClip({ file, video: info, startS, endS, frames, size: S });
    for (const [i, t] of sampleInstants(startS, endS, frames).entries()) {
      const ours = indexOfFrame(reference, slotOf(rgb, i));
      const theirs = indexOfFrame(reference, frameAtTime(file, t, S));
      expect(ours, `${path.basename(file)} slot ${i} decodes to a frame of the source`).toBeGreaterThanOrEqual(0);
      expect(Math.abs(ours - theirs), `${path.basename(file)} slot ${i} at ${t} s: ours ${ours}, ffmpeg -ss ${theirs}`).toBeLessThanOrEqual(1);
    }
    return { info, rgb };
  }

  it('reads .ts, .m2ts, .mkv and .flv (lossless copies of the counting video) by time, whatever their clock starts at', async () => {
    for (const name of ['game.ts', 'game.m2ts', 'game.mkv', 'game.flv']) {
      const file = path.join(dir, name);
      const codec = name.endsWith('.flv') ? ['-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p'] : ['-c', 'copy'];
      ffmpeg(['-i', counting, ...codec, ...(name.endsWith('.m2ts') ? ['-f', 'mpegts'] : []), file]);
      const info = await probeVideo(file);
      if (name.endsWith('ts')) expect(info.startS).toBeGreaterThan(1); // MPEG-TS clocks start at 1.4 s
      const { rgb } = await sampleClip({ file, video: info, startS: 1.1, endS: 2.3, frames: 8, size: S });
      // Worked by hand: 25 fps from the movie's start, so instant t shows frame ⌊25 t⌋. (ffmpeg's own
      // -ss lands a whole keyframe interval late in MPEG-TS here, so it is no reference for these.)
      for (const [i, t] of sampleInstants(1.1, 2.3, 8).entries()) {
        expect(indexOfFrame(reference, slotOf(rgb, i)), `${name} slot ${i} at ${t} s`).toBe(Math.floor(t * 25 + 1e-6));
      }
    }
  });

  it('probes .ogv (Theora) and .mxf (MPEG-2) as video, and samples them', async () => {
    for (const [name, codec] of [['game.ogv', 'libtheora'], ['game.mxf', 'mpeg2video']] as const) {
      const file = path.join(dir, name);
      ffmpeg(['-i', counting, '-c:v', codec, '-q:v', '2', file]);
      const info = await probeVideo(file);
      expect(info.width).toBe(96);
      const { rgb } = await sampleClip({ file, video: info, startS: 1, endS: 2, frames: 4, size: S });
      // Lossy codecs: compare with ffmpeg's own frame at the same instant, within one frame
      // (-ss gives the first frame starting at or after t; the clip, the one on screen at t).
      const nearest = Math.min(meanDifference(slotOf(rgb, 1), frameAtTime(file, 1.375, S)), meanDifference(slotOf(rgb, 1), frameAtTime(file, 1.335, S)));
      expect(nearest, name).toBeLessThan(1.5);
      // Neighbouring frames differ by more than that, so the right one is told apart.
      expect(meanDifference(frameAtTime(file, 1.375, S), frameAtTime(file, 1.535, S))).toBeGreaterThan(5);
    }
  });

  it('gives a video that starts after its audio the first picture until it starts, then the right frames', async () => {
    const file = path.join(dir, 'late-video.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=5', '-itsoffset', '0.5', '-i', counting, '-map', '0:a', '-map', '1:v', '-c:v', 'copy', '-c:a', 'aac', file]);
    const info = await probeVideo(file);
    const { rgb } = await sampleClip({ file, video: info, startS: 0, endS: 1, frames: 10, size: S });
    // Instants 0.05 … 0.95: before 0.5 s no picture has started (the first one stands in), then frame (t − 0.5) × 25.
    const expected = sampleInstants(0, 1, 10).map((t) => (t < 0.5 ? 0 : Math.floor((t - 0.5) * 25 + 1e-6)));
    const got = Array.from({ length: 10 }, (_, i) => indexOfFrame(reference, slotOf(rgb, i)));
    for (const [i, k] of expected.entries()) expect(Math.abs(got[i]! - k), `slot ${i}: ${got.join(',')} vs ${expected.join(',')}`).toBeLessThanOrEqual(1);
    await expectByTime(file, 0.6, 1.8);
  });

  it('honours an MP4 edit list: time 0 is where the edit starts, not the first stored frame', async () => {
    const file = path.join(dir, 'edit-list.mp4');
    // Stream copy from 1.2 s: the copy starts at the keyframe at 1.0 s, and an edit list hides 1.0–1.2 s.
    ffmpeg(['-ss', '1.2', '-i', counting, '-c', 'copy', '-t', '2', file]);
    const { rgb } = await expectByTime(file, 0, 1);
    expect(indexOfFrame(reference, slotOf(rgb, 0))).toBeGreaterThanOrEqual(30); // not frame 25, the hidden keyframe
  });

  it('samples a stream cut without a keyframe from its first whole picture, or says it cannot', async () => {
    const ts = path.join(dir, 'whole.ts');
    ffmpeg(['-i', counting, '-c', 'copy', ts]);
    const bytes = fs.readFileSync(ts);
    const cut = path.join(dir, 'cut.ts');
    fs.writeFileSync(cut, bytes.subarray(Math.floor(bytes.length * 0.4 / 188) * 188)); // whole TS packets, mid-GOP
    const info = await probeVideo(cut);
    const outcome = await sampleClip({ file: cut, video: info, startS: 0, endS: 1, frames: 8, size: S }).catch((error: Error) => error);
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(ClipDecodeError);
      expect(outcome.message).toMatch(/could not be decoded|frames could be decoded/);
    } else {
      for (let i = 0; i < 8; i++) expect(indexOfFrame(reference, slotOf(outcome.rgb, i)), `slot ${i} is a whole frame of the source`).toBeGreaterThanOrEqual(0);
    }
  });

  it('reads a file whose name starts with "-" (never taken for an option)', async () => {
    const file = path.join(dir, '-game.mp4');
    fs.copyFileSync(counting, file);
    expect(mediaInput('-game.mp4')).toBe(`file:${path.resolve('-game.mp4')}`);
    await expectByTime(file, 2, 3, 4);
  });

  it('refuses audio alone, a cover picture, a still image and garbage, each with its own reason', async () => {
    const audio = path.join(dir, 'commentary.m4a');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', audio]);
    await expect(probeVideo(audio)).rejects.toThrow(/no video stream, only sound$/);

    const cover = path.join(dir, 'cover.png');
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1', cover]);
    const song = path.join(dir, 'song.mp3');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-i', cover, '-map', '0', '-map', '1', '-c:a', 'libmp3lame', '-c:v', 'png', '-disposition:v', 'attached_pic', song]);
    await expect(probeVideo(song)).rejects.toThrow(/only sound and a cover picture/);

    await expect(probeVideo(cover)).rejects.toThrow(/only a still picture/);

    const garbage = path.join(dir, 'garbage.mov');
    fs.writeFileSync(garbage, Buffer.alloc(20_000, 3));
    const error = await probeVideo(garbage).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnreadableVideoError);
    expect((error as Error).message).toMatch(/^ffprobe cannot read it/);
  });
});
