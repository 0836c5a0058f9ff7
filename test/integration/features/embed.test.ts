import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../main/media/binaries.js';
import { randomWeights } from '../../../main/ml/weights/index.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { naiveCaffe, naiveForward } from '../../helpers/tfjs-naive-conv.js';
import { tempDir } from '../../helpers/temp.js';

/** A lossless RGB PNG of one flat colour. */
function solidPng(file: string, rgb: [number, number, number], size: number): void {
  const hex = rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
  execFileSync(ffmpegPath(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x${hex}:s=${size}x${size}`, '-frames:v', '1', '-pix_fmt', 'rgb24', file]);
}

/** The PNG's pixels as ffmpeg decodes them on its own: the reference's input. */
function pixelsOf(file: string): Uint8Array {
  return new Uint8Array(execFileSync(ffmpegPath(), ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']));
}

describe('filmroom embed', () => {
  it('prints each image’s pooled features, in order, as a naive VGG forward pass computes them', async () => {
    const dir = tempDir();
    const colours: [number, number, number][] = [[200, 30, 60], [10, 120, 250]];
    const images = colours.map((c, i) => {
      const file = path.join(dir, `image-${i}.png`);
      solidPng(file, c, 32);
      return file;
    });
    const { code, stdout, stderr } = await spawnFilmroom([
      'embed', '--library', path.join(dir, 'lib.db'), '--weights', 'random:11', '--cut', 'block1_pool', '--pool', 'avg', '--size', '32', ...images, '--json',
    ]).output;
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { engine: string; layer: string; shape: number[]; features: number[][] };
    expect(result.layer).toBe('block1_pool');
    expect(result.shape).toEqual([2, 64]);
    expect(result.engine).toMatch(/onnxruntime|tfjs/);

    const weights = randomWeights(11, 'block1_pool');
    colours.forEach((rgb, i) => {
      const pixels = pixelsOf(images[i]!);
      expect(Math.abs(pixels[0]! - rgb[0]) + Math.abs(pixels[1]! - rgb[1]) + Math.abs(pixels[2]! - rgb[2])).toBeLessThanOrEqual(12);
      const map = naiveForward(naiveCaffe(pixels, 32), ['block1_conv1', 'block1_conv2', 'pool'], weights);
      const expected = Array.from({ length: 64 }, (_, c) => {
        let sum = 0;
        for (let p = 0; p < map.height * map.width; p++) sum += map.data[p * 64 + c]!;
        return sum / (map.height * map.width);
      });
      const got = result.features[i]!;
      const scale = Math.max(1, ...expected.map(Math.abs));
      expect(Math.max(...got.map((v, c) => Math.abs(v - expected[c]!)))).toBeLessThan(1e-4 * scale);
    });
    expect(result.features[0]).not.toEqual(result.features[1]);
  });

  it('names the file that is not an image', async () => {
    const dir = tempDir();
    const bogus = path.join(dir, 'notes.png');
    (await import('node:fs')).writeFileSync(bogus, 'not a picture');
    const { code, stderr } = await spawnFilmroom(['embed', '--library', path.join(dir, 'lib.db'), '--weights', 'random', '--cut', 'block1_pool', '--pool', 'avg', '--size', '32', bogus]).output;
    expect(code).toBe(1);
    expect(stderr).toContain(`${bogus}: not an image Film Room can read`);
  });
});
