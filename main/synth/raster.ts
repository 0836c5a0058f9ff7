/**
 * A tiny software rasteriser over an RGB24 buffer: exactly what the synthetic film needs (rects,
 * discs, rings, thick lines) and nothing more. Pixel (x, y) covers [x, x+1) × [y, y+1); shapes are
 * tested at the pixel centre (x + 0.5, y + 0.5). Round shapes are anti-aliased with a one-pixel
 * ramp, coverage = clamp(0.5 + distance inside the edge, 0, 1), so a disc's edge does not crawl
 * as it moves by fractions of a pixel; rects are hard-edged (court lines come from a supersampled
 * background, see court.ts).
 */

export type Rgb = readonly [number, number, number];

export interface Canvas {
  readonly width: number;
  readonly height: number;
  /** Row-major RGB24, 3 bytes per pixel. */
  readonly data: Uint8Array;
}

export function createCanvas(width: number, height: number, fill: Rgb = [0, 0, 0]): Canvas {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`a canvas needs a positive integer size, got ${width}×${height}`);
  }
  const canvas = { width, height, data: new Uint8Array(width * height * 3) };
  clear(canvas, fill);
  return canvas;
}

export function clear(canvas: Canvas, [r, g, b]: Rgb): void {
  const { data } = canvas;
  for (let i = 0; i < data.length; i += 3) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
  }
}

/** "#rrggbb" → [r, g, b]. */
export function hexToRgb(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`a colour is written #rrggbb, got "${hex}"`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** Scales a colour towards black (f < 1) or white (f > 1), for shading rings and outlines. */
export function shade([r, g, b]: Rgb, f: number): Rgb {
  const mix = (c: number) => Math.round(f <= 1 ? c * f : c + (255 - c) * (f - 1));
  return [mix(r), mix(g), mix(b)];
}

/** Mixes colour into pixel (x, y) with weight alpha in [0, 1]; out-of-canvas pixels are ignored. */
export function blendPixel(canvas: Canvas, x: number, y: number, [r, g, b]: Rgb, alpha: number): void {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height || alpha <= 0) return;
  const i = (y * canvas.width + x) * 3;
  const d = canvas.data;
  if (alpha >= 1) {
    d[i] = r;
    d[i + 1] = g;
    d[i + 2] = b;
    return;
  }
  d[i] = Math.round(d[i]! + (r - d[i]!) * alpha);
  d[i + 1] = Math.round(d[i + 1]! + (g - d[i + 1]!) * alpha);
  d[i + 2] = Math.round(d[i + 2]! + (b - d[i + 2]!) * alpha);
}

/** Fills the pixels whose centres lie in [x0, x1) × [y0, y1). */
export function fillRect(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, color: Rgb, alpha = 1): void {
  const xa = Math.max(0, Math.ceil(x0 - 0.5));
  const xb = Math.min(canvas.width, Math.ceil(x1 - 0.5));
  const ya = Math.max(0, Math.ceil(y0 - 0.5));
  const yb = Math.min(canvas.height, Math.ceil(y1 - 0.5));
  for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) blendPixel(canvas, x, y, color, alpha);
}

/**
 * Visits the pixels of a bounding box and blends colour by the coverage that `inside` gives for
 * each pixel centre: the one loop behind every anti-aliased shape.
 */
function coverShape(
  canvas: Canvas,
  box: [number, number, number, number],
  color: Rgb,
  alpha: number,
  inside: (px: number, py: number) => number,
): void {
  const xa = Math.max(0, Math.floor(box[0]));
  const xb = Math.min(canvas.width - 1, Math.ceil(box[2]));
  const ya = Math.max(0, Math.floor(box[1]));
  const yb = Math.min(canvas.height - 1, Math.ceil(box[3]));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      const coverage = Math.min(1, Math.max(0, 0.5 + inside(x + 0.5, y + 0.5)));
      if (coverage > 0) blendPixel(canvas, x, y, color, coverage * alpha);
    }
  }
}

/**
 * A filled disc centred at (cx, cy): the same coverage rule as coverShape, written out because
 * players and the ball are drawn with it on every frame. Pixels well inside skip the square root.
 */
export function fillCircle(canvas: Canvas, cx: number, cy: number, r: number, [cr, cg, cb]: Rgb, alpha = 1): void {
  if (r <= 0 || alpha <= 0) return;
  const { width, height, data } = canvas;
  const solid = r >= 0.5 ? (r - 0.5) * (r - 0.5) : -1; // d ≤ r - 0.5 ⇔ coverage 1
  const xa = Math.max(0, Math.floor(cx - r - 1));
  const xb = Math.min(width - 1, Math.ceil(cx + r + 1));
  const ya = Math.max(0, Math.floor(cy - r - 1));
  const yb = Math.min(height - 1, Math.ceil(cy + r + 1));
  for (let y = ya; y <= yb; y++) {
    const dy = y + 0.5 - cy;
    for (let x = xa; x <= xb; x++) {
      const dx = x + 0.5 - cx;
      const d2 = dx * dx + dy * dy;
      const coverage = d2 <= solid ? 1 : Math.min(1, Math.max(0, 0.5 + r - Math.sqrt(d2)));
      if (coverage <= 0) continue;
      const a = coverage * alpha;
      const i = (y * width + x) * 3;
      if (a >= 1) {
        data[i] = cr;
        data[i + 1] = cg;
        data[i + 2] = cb;
      } else {
        data[i] = Math.round(data[i]! + (cr - data[i]!) * a);
        data[i + 1] = Math.round(data[i + 1]! + (cg - data[i + 1]!) * a);
        data[i + 2] = Math.round(data[i + 2]! + (cb - data[i + 2]!) * a);
      }
    }
  }
}

/**
 * A ring of the given thickness centred on radius r; `keep` (optional) limits it to an arc, e.g.
 * the three-point line beyond the corners, by the angle-free test of the pixel centre.
 */
export function strokeCircle(
  canvas: Canvas,
  cx: number,
  cy: number,
  r: number,
  thickness: number,
  color: Rgb,
  keep?: (px: number, py: number) => boolean,
): void {
  const half = thickness / 2;
  const reach = r + half + 1;
  coverShape(canvas, [cx - reach, cy - reach, cx + reach, cy + reach], color, 1, (px, py) =>
    keep && !keep(px, py) ? -1 : half - Math.abs(Math.hypot(px - cx, py - cy) - r),
  );
}

/** A thick segment with round caps (a capsule): the distance from the pixel centre to the segment. */
export function drawLine(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, thickness: number, color: Rgb, alpha = 1): void {
  const half = thickness / 2;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const box: [number, number, number, number] = [Math.min(x0, x1) - half - 1, Math.min(y0, y1) - half - 1, Math.max(x0, x1) + half + 1, Math.max(y0, y1) + half + 1];
  coverShape(canvas, box, color, alpha, (px, py) => {
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - x0) * dx + (py - y0) * dy) / len2));
    return half - Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
  });
}

/** The colour at (x, y), for tests and for sampling. */
export function pixelAt(canvas: Canvas, x: number, y: number): [number, number, number] {
  const i = (y * canvas.width + x) * 3;
  return [canvas.data[i]!, canvas.data[i + 1]!, canvas.data[i + 2]!];
}
