import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFeatureEngine } from '../../../main/features/engines.js';
import { loadWeightSet } from '../../../main/features/weights-registry.js';
import { openLibrary } from '../../../main/library/database.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { DEFAULT_CLIP_ENCODING } from '../../../main/media/clip-codec.js';
import { probeVideo } from '../../../main/media/probe.js';
import { sampleClip } from '../../../main/media/sample-clip.js';
import { synthesizeSeason } from '../../../main/synth/index.js';
import { suiteTempDir } from '../../helpers/temp.js';

const FRAMES = 40;
const SIZE = 224;

/** cos(a, b) of two vectors, computed plainly in float64. */
function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('stored clips: H.264 at the clip size, features within tolerance of the raw frames', () => {
  const dir = suiteTempDir();

  it('a 224 px clip of 40 frames takes ≤ 50 KB, decodes to every frame, and its block5 features keep mean cosine ≥ 0.999', async () => {
    const season = await synthesizeSeason({ outDir: path.join(dir, 'season'), games: 1, playsPerGame: 2, seed: 11 });
    const video = season.videos[0]!;
    const info = await probeVideo(video);
    const play = season.records[0]!;
    const { rgb } = await sampleClip({ file: video, video: info, startS: play.startS, endS: play.endS, frames: FRAMES, size: SIZE });

    const cache = new ClipCache(path.join(dir, 'clips'));
    const relative = cache.relativePath('ab'.repeat(32), play.startS, play.endS, FRAMES, SIZE);
    expect(relative.endsWith('.mp4')).toBe(true);
    const written = await cache.write(relative, rgb, { frames: FRAMES, size: SIZE });
    expect(written.bytes).toBe(fs.statSync(cache.absolutePath(relative)).size);
    expect(written.bytes).toBeLessThanOrEqual(50 * 1024);

    const decoded = await cache.readAsync(relative);
    expect(decoded.length).toBe(rgb.length); // every frame, none dropped or repeated
    expect(cache.read(relative)).toEqual(decoded);
    // Frame order kept: each decoded frame is nearer its own raw frame than any other raw frame.
    const frameBytes = SIZE * SIZE * 3;
    const distance = (i: number, j: number) => {
      let sum = 0;
      for (let k = 0; k < frameBytes; k += 7) sum += Math.abs(decoded[i * frameBytes + k]! - rgb[j * frameBytes + k]!);
      return sum;
    };
    let psnrSum = 0;
    for (let i = 0; i < FRAMES; i++) {
      let squared = 0;
      for (let k = 0; k < frameBytes; k++) squared += (decoded[i * frameBytes + k]! - rgb[i * frameBytes + k]!) ** 2;
      psnrSum += 10 * Math.log10((255 * 255) / Math.max(1e-9, squared / frameBytes));
      for (const j of [i - 5, i + 5]) if (j >= 0 && j < FRAMES && distance(i, j) > 0) expect(distance(i, i)).toBeLessThan(distance(i, j));
    }
    expect(psnrSum / FRAMES).toBeGreaterThan(35);

    const db = openLibrary(path.join(dir, 'lib.db'));
    try {
      const { weights } = await loadWeightSet(db, 'random:1');
      const engine = await openFeatureEngine({ weights, cut: 'block5_pool', pooling: 'avg', size: SIZE }, 'onnx');
      try {
        // Ten frames spread over the play are enough to judge, at a quarter of the CPU time.
        const COMPARED = 10;
        const pick = (clip: Uint8Array) => {
          const out = new Uint8Array(COMPARED * frameBytes);
          for (let i = 0; i < COMPARED; i++) out.set(clip.subarray(i * 4 * frameBytes, (i * 4 + 1) * frameBytes), i * frameBytes);
          return out;
        };
        const fromRaw = await engine.extract(pick(rgb), COMPARED);
        const fromStored = await engine.extract(pick(decoded), COMPARED);
        // Another play's raw frames: how far apart two different clips' features are, so the
        // tolerance is judged against a difference that matters, not only against 1.
        const other = season.records[1]!;
        const fromOther = await engine.extract(pick((await sampleClip({ file: video, video: info, startS: other.startS, endS: other.endS, frames: FRAMES, size: SIZE })).rgb), COMPARED);
        const dim = engine.featureDim;
        const meanCosine = (a: Float32Array, b: Float32Array) => {
          let sum = 0;
          for (let t = 0; t < COMPARED; t++) sum += cosine(a.subarray(t * dim, (t + 1) * dim), b.subarray(t * dim, (t + 1) * dim));
          return sum / COMPARED;
        };
        const stored = meanCosine(fromRaw, fromStored);
        const betweenPlays = meanCosine(fromRaw, fromOther);
        console.log(`clip ${written.bytes} bytes at crf ${DEFAULT_CLIP_ENCODING.crf}, PSNR ${(psnrSum / FRAMES).toFixed(1)} dB, block5 mean cosine ${stored.toFixed(6)} (between two plays: ${betweenPlays.toFixed(6)})`);
        expect(stored).toBeGreaterThanOrEqual(0.999);
        expect(1 - stored).toBeLessThan((1 - betweenPlays) / 10);
      } finally {
        await engine.dispose();
      }
    } finally {
      db.close();
    }
  }, 240_000);

  it('clips of libraries written before (raw .rgb files) are read as they are', async () => {
    const cache = new ClipCache(path.join(dir, 'old-clips'));
    const raw = Uint8Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256);
    const written = await cache.write('aa/old/00001000-00002000-T2-S8.rgb', raw);
    expect(written.bytes).toBe(raw.length);
    expect(await cache.readAsync(written.path)).toEqual(raw);
    expect(cache.read(written.path)).toEqual(raw);
  });

  it('a missing or damaged stored clip is an error naming its file', async () => {
    const cache = new ClipCache(path.join(dir, 'bad-clips'));
    await expect(cache.readAsync('aa/none.mp4')).rejects.toThrow(/none\.mp4/);
    fs.mkdirSync(cache.absolutePath('aa'), { recursive: true });
    fs.writeFileSync(cache.absolutePath('aa/junk.mp4'), 'not a video');
    await expect(cache.readAsync('aa/junk.mp4')).rejects.toThrow(/could not decode the clip .*junk\.mp4/);
  });
});
