import { describe, expect, it } from 'vitest';
import { i420Size, rgbToI420 } from '../../../main/synth/yuv.js';

/** A 2×2 frame of one colour. */
const flat = (r: number, g: number, b: number) => Uint8Array.from({ length: 12 }, (_, i) => [r, g, b][i % 3]!);

describe('RGB → I420 (BT.601, limited range)', () => {
  it.each([
    // Y = ((66R + 129G + 25B + 128) >> 8) + 16; U, V likewise with (−38, −74, 112) and (112, −94, −18), + 128.
    ['black', [0, 0, 0], [16, 128, 128]],
    ['white', [255, 255, 255], [235, 128, 128]], // (220 × 255 + 128) >> 8 = 219 → 235
    ['red', [255, 0, 0], [82, 90, 240]], // Y: 16958 >> 8 = 66; U: −9562 >> 8 = −38; V: 28688 >> 8 = 112
    ['green', [0, 255, 0], [144, 54, 34]], // Y: 33023 >> 8 = 128; U: −18742 >> 8 = −74; V: −23842 >> 8 = −94
    ['blue', [0, 0, 255], [41, 240, 110]], // Y: 6503 >> 8 = 25; U: 28688 >> 8 = 112; V: −4462 >> 8 = −18
  ] as const)('converts flat %s to the textbook values', (_, [r, g, b], [y, u, v]) => {
    expect([...rgbToI420(flat(r, g, b), 2, 2)]).toEqual([y, y, y, y, u, v]);
  });

  it('lays out the planes as I420: Y row by row, then U, then V, chroma from each 2×2 mean', () => {
    // 4×2: left 2×2 block black, right 2×2 block white.
    const rgb = new Uint8Array(4 * 2 * 3);
    for (const x of [2, 3]) for (const y of [0, 1]) rgb.fill(255, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    expect([...rgbToI420(rgb, 4, 2)]).toEqual([16, 16, 235, 235, 16, 16, 235, 235, 128, 128, 128, 128]);
    // A 2×2 block half red, half black averages to red at half strength: U = (−38 × 510 + 512) >> 10 = −19.
    const half = Uint8Array.from([255, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0]);
    expect([...rgbToI420(half, 2, 2)].slice(4)).toEqual([128 - 19, 128 + 56]);
  });

  it('refuses odd sizes and wrongly sized buffers', () => {
    expect(i420Size(320, 180)).toBe(86_400);
    expect(() => i420Size(3, 2)).toThrow(/even/);
    expect(() => rgbToI420(new Uint8Array(5), 2, 2)).toThrow(/has 12 bytes, got 5/);
    expect(() => rgbToI420(new Uint8Array(12), 2, 2, new Uint8Array(5))).toThrow(/has 6 bytes, got 5/);
  });
});
