import { describe, expect, it } from 'vitest';
import { blendPixel, createCanvas, drawLine, fillCircle, fillRect, hexToRgb, pixelAt, strokeCircle, type Canvas } from '../../../main/synth/raster.js';

/** The red channel of every pixel, row by row: enough to check shapes drawn in white on black. */
function reds(canvas: Canvas): number[][] {
  return Array.from({ length: canvas.height }, (_, y) => Array.from({ length: canvas.width }, (_, x) => pixelAt(canvas, x, y)[0]));
}

describe('rasteriser', () => {
  it('fills exactly the pixels whose centres lie in a rect', () => {
    const c = createCanvas(4, 3, [10, 20, 30]);
    // Centres x = 0.5, 1.5, 2.5 are in [0.4, 2.6); y = 0.5, 1.5 are in [0.4, 1.6); 3.5 and 2.5 are not.
    fillRect(c, 0.4, 0.4, 2.6, 1.6, [200, 100, 50]);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        expect(pixelAt(c, x, y), `pixel ${x},${y}`).toEqual(x <= 2 && y <= 1 ? [200, 100, 50] : [10, 20, 30]);
      }
    }
  });

  it('draws an anti-aliased disc with coverage 0.5 + (r − distance)', () => {
    const c = createCanvas(5, 5);
    fillCircle(c, 2.5, 2.5, 1.5, [255, 255, 255]);
    // Centre and edge-adjacent pixels: distance 0 or 1 ≤ r − 0.5 → full.
    // Diagonal pixels: distance √2 → coverage 0.5 + 1.5 − 1.41421 = 0.58579 → 255 × 0.58579 = 149.4 → 149.
    // Two pixels out: distance 2 → coverage 0.
    expect(reds(c)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 149, 255, 149, 0],
      [0, 255, 255, 255, 0],
      [0, 149, 255, 149, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('blends a partly covered pixel with what is under it', () => {
    const c = createCanvas(3, 1, [100, 100, 100]);
    // One pixel, centre 0.5 from the disc's centre: coverage 0.5 + 0.5 − 0.5 = 0.5 → 100 + (200 − 100) × 0.5.
    fillCircle(c, 1.0, 0.5, 0.5, [200, 0, 100]);
    expect(pixelAt(c, 0, 0)).toEqual([150, 50, 100]);
    expect(pixelAt(c, 1, 0)).toEqual([150, 50, 100]);
    expect(pixelAt(c, 2, 0)).toEqual([100, 100, 100]);
    // Alpha scales the coverage: a quarter of the way from 100 to 200.
    blendPixel(c, 2, 0, [200, 200, 200], 0.25);
    expect(pixelAt(c, 2, 0)).toEqual([125, 125, 125]);
  });

  it('draws a one-pixel line through pixel centres, with round caps that stop half a pixel out', () => {
    const c = createCanvas(5, 3);
    drawLine(c, 0.5, 1.5, 3.5, 1.5, 1, [255, 255, 255]);
    // On the row: distance 0 → coverage min(1, 0.5 + 0.5) = 1. Next row or pixel 4: distance 1 → 0.
    expect(reds(c)).toEqual([
      [0, 0, 0, 0, 0],
      [255, 255, 255, 255, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('strokes a ring, and only the kept part of it for an arc', () => {
    const ring = createCanvas(7, 7);
    strokeCircle(ring, 3.5, 3.5, 2, 1, [255, 255, 255]);
    // (5, 3): centre (5.5, 3.5), distance 2 → on the ring → full; (3, 3) is the centre → empty.
    expect(pixelAt(ring, 5, 3)[0]).toBe(255);
    expect(pixelAt(ring, 1, 3)[0]).toBe(255);
    expect(pixelAt(ring, 3, 3)[0]).toBe(0);
    const arc = createCanvas(7, 7);
    strokeCircle(arc, 3.5, 3.5, 2, 1, [255, 255, 255], (px) => px > 3.5);
    expect(pixelAt(arc, 5, 3)[0]).toBe(255);
    expect(pixelAt(arc, 1, 3)[0]).toBe(0);
  });

  it('clips shapes at the canvas edge instead of failing', () => {
    const c = createCanvas(3, 3);
    fillCircle(c, -1, -1, 2.5, [255, 255, 255]);
    fillRect(c, -5, -5, 100, 0.6, [9, 9, 9]);
    drawLine(c, -10, 2.5, 10, 2.5, 1, [7, 7, 7]);
    expect(pixelAt(c, 0, 0)).toEqual([9, 9, 9]);
    expect(pixelAt(c, 2, 2)).toEqual([7, 7, 7]);
  });

  it('parses #rrggbb and rejects anything else', () => {
    expect(hexToRgb('#e6194B')).toEqual([230, 25, 75]);
    expect(() => hexToRgb('red')).toThrow(/#rrggbb/);
    expect(() => createCanvas(0, 4)).toThrow(/positive integer/);
  });
});
