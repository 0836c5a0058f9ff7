import { describe, expect, it } from 'vitest';
import {
  colorTable,
  cssGradient,
  decodeBase64,
  framePixels,
  heatmapPixels,
  overlayPixels,
  rampColor,
  upscaleNearest,
} from '../../../renderer/src/lib/heatmap.js';

// Expected colours are worked by hand from the 11 stops (0, 0.1, …, 1 of inferno):
// byte v sits at position p = v / 255 × 10, between stop ⌊p⌋ and the next, at fraction p − ⌊p⌋.
describe('rampColor (inferno, linear between 11 stops)', () => {
  it('gives the first and last stop at 0 and 255, and clamps what lies outside', () => {
    expect(rampColor(0)).toEqual([0, 0, 4]);
    expect(rampColor(255)).toEqual([252, 255, 164]);
    expect(rampColor(-5)).toEqual([0, 0, 4]);
    expect(rampColor(300)).toEqual([252, 255, 164]);
    expect(rampColor(Number.NaN)).toEqual([0, 0, 4]);
  });

  it('lands exactly on a stop where p is whole', () => {
    // 51 / 255 × 10 = 2: stop 2.
    expect(rampColor(51)).toEqual([66, 10, 104]);
    // 204 / 255 × 10 = 8: stop 8.
    expect(rampColor(204)).toEqual([252, 165, 10]);
  });

  it('interpolates between stops, rounding each channel', () => {
    // p = 13 / 255 × 10 = 0.5098 between [0,0,4] and [22,11,57]:
    // r = 22 × 0.5098 = 11.22 → 11, g = 11 × 0.5098 = 5.61 → 6, b = 4 + 53 × 0.5098 = 31.02 → 31.
    expect(rampColor(13)).toEqual([11, 6, 31]);
    // p = 128 / 255 × 10 = 5.0196 between [188,55,84] and [221,81,58], fraction 0.0196:
    // r = 188 + 33 × 0.0196 = 188.65 → 189, g = 55 + 26 × 0.0196 = 55.51 → 56, b = 84 − 26 × 0.0196 = 83.49 → 83.
    expect(rampColor(128)).toEqual([189, 56, 83]);
  });

  it('gets brighter all the way up (a perceptual ramp never turns back)', () => {
    const luma = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    for (let v = 1; v < 256; v++) expect(luma(rampColor(v))).toBeGreaterThanOrEqual(luma(rampColor(v - 1)) - 0.5);
  });

  it('refuses a ramp of fewer than two stops, naming the count', () => {
    expect(() => rampColor(10, [[0, 0, 0]])).toThrow(/at least 2 stops, got 1/);
  });
});

describe('colorTable and heatmapPixels', () => {
  it('holds rampColor for every byte', () => {
    const table = colorTable();
    expect(table).toHaveLength(768);
    expect([...table.subarray(51 * 3, 51 * 3 + 3)]).toEqual([66, 10, 104]);
    expect([...table.subarray(128 * 3, 128 * 3 + 3)]).toEqual([189, 56, 83]);
  });

  it('colours a map cell by cell as opaque RGBA, in ImageData order', () => {
    const pixels = heatmapPixels(Uint8Array.from([0, 255, 51]), 3, 1);
    expect([...pixels]).toEqual([0, 0, 4, 255, 252, 255, 164, 255, 66, 10, 104, 255]);
  });

  it('names the expected and actual sizes when a map is the wrong length', () => {
    expect(() => heatmapPixels(new Uint8Array(5), 2, 2)).toThrow('the map must be 2 × 2 = 4 bytes, got 5');
  });
});

describe('framePixels', () => {
  it('adds an opaque alpha to each RGB pixel', () => {
    expect([...framePixels(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 2)]).toEqual([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255]);
    expect(() => framePixels(new Uint8Array(11), 2)).toThrow('the frame must be 2 × 2 × 3 = 12 bytes, got 11');
  });
});

describe('upscaleNearest', () => {
  it('repeats each cell into a block when the scale is whole', () => {
    expect([...upscaleNearest(Uint8Array.from([1, 2, 3, 4]), 2, 2, 4, 4)]).toEqual([
      1, 1, 2, 2,
      1, 1, 2, 2,
      3, 3, 4, 4,
      3, 3, 4, 4,
    ]);
  });

  it('takes the cell each output pixel falls in when it is not (x ↦ ⌊x × w / W⌋)', () => {
    // 3 → 4 wide: x = 0, 1, 2, 3 read cells ⌊0⌋, ⌊0.75⌋, ⌊1.5⌋, ⌊2.25⌋ = 0, 0, 1, 2.
    expect([...upscaleNearest(Uint8Array.from([7, 8, 9]), 3, 1, 4, 1)]).toEqual([7, 7, 8, 9]);
  });
});

describe('overlayPixels (the mean map at 50% over the frame)', () => {
  it('averages the frame and the heat colour, rounding half up', () => {
    // Frame [100, 200, 50] under the top colour [252, 255, 164]: 176, 227.5 → 228, 107.
    expect([...overlayPixels(Uint8Array.from([100, 200, 50]), 1, Uint8Array.from([255]), 1, 1)]).toEqual([176, 228, 107, 255]);
  });

  it('scales the map to the frame first: a 1×1 map covers all of a 2×2 frame', () => {
    const frame = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Black frame under stop 2 [66, 10, 104] at 50%: 33, 5, 52.
    expect([...overlayPixels(frame, 2, Uint8Array.from([51]), 1, 1)]).toEqual(Array.from({ length: 4 }, () => [33, 5, 52, 255]).flat());
  });

  it('honours another opacity, and refuses one outside 0–1', () => {
    expect([...overlayPixels(Uint8Array.from([100, 100, 100]), 1, Uint8Array.from([0]), 1, 1, 0)]).toEqual([100, 100, 100, 255]);
    expect(() => overlayPixels(Uint8Array.from([0, 0, 0]), 1, Uint8Array.from([0]), 1, 1, 1.5)).toThrow('opacity must be from 0 to 1, got 1.5');
  });
});

describe('decodeBase64', () => {
  it('reads the bytes the API encoded', () => {
    expect([...decodeBase64('AAH/')]).toEqual([0, 1, 255]);
    expect([...decodeBase64('')]).toEqual([]);
  });
});


describe('cssGradient (the legend)', () => {
  it('places each stop evenly from 0% to 100%', () => {
    expect(cssGradient([[0, 0, 0], [128, 64, 32], [255, 255, 255]])).toBe('linear-gradient(to right, rgb(0 0 0) 0%, rgb(128 64 32) 50%, rgb(255 255 255) 100%)');
    expect(cssGradient()).toMatch(/^linear-gradient\(to right, rgb\(0 0 4\) 0%, rgb\(22 11 57\) 10%, .* rgb\(252 255 164\) 100%\)$/);
  });
});
