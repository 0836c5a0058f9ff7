/**
 * The court: NBA dimensions in feet and a one-off, supersampled and blurred drawing of it. Frames are cut from
 * this background with the camera's pan and zoom (see frame.ts), so the lines stay smooth while the
 * camera moves and the per-frame cost is one resampling pass, not a redraw.
 */
import type { Rng } from '../system/prng.js';
import { type Canvas, type Rgb, createCanvas, drawLine, fillCircle, fillRect, shade, strokeCircle } from './raster.js';

/** Court size in feet: x runs along the length (baseline to baseline), y across it. */
export const COURT = {
  length: 94,
  width: 50,
  /** Rim centre distance from the baseline. */
  hoopX: 5.25,
  backboardX: 4,
  laneLength: 19,
  laneHalfWidth: 8,
  freeThrowRadius: 6,
  threeRadius: 23.75,
  /** The corner three runs straight, 3 ft from the sideline, up to this distance from the baseline. */
  threeCornerX: 14,
  threeCornerY: 3,
  centreRadius: 6,
  restrictedRadius: 4,
  rimRadius: 0.75,
} as const;

/** The two rims, left and right. */
export const HOOPS = [
  { x: COURT.hoopX, y: COURT.width / 2 },
  { x: COURT.length - COURT.hoopX, y: COURT.width / 2 },
] as const;

/** Apron drawn around the court, in feet: the camera never shows beyond it. */
export const APRON = 5;

export interface CourtColors {
  floor: Rgb;
  paint: Rgb;
  lines: Rgb;
  apron: Rgb;
  rim: Rgb;
}

export interface CourtBackground {
  canvas: Canvas;
  /** Background pixels per foot. */
  scale: number;
}

/** Court feet → background pixels. */
function toBg(scale: number, v: number): number {
  return (v + APRON) * scale;
}

/** Hardwood planks run along the court's length; each has its own slight shade, as real floors do. */
function drawPlanks(canvas: Canvas, scale: number, floor: Rgb, rng: Rng): void {
  const plankWidth = 0.9;
  for (let y = 0; y < COURT.width; y += plankWidth) {
    let x = 0;
    while (x < COURT.length) {
      const len = rng.range(6, 16);
      const tone = shade(floor, rng.range(0.93, 1.06));
      fillRect(canvas, toBg(scale, x), toBg(scale, y), toBg(scale, Math.min(COURT.length, x + len)), toBg(scale, Math.min(COURT.width, y + plankWidth)), tone);
      x += len;
    }
  }
}

/** One end of the court; `dir` is +1 for the left basket (court opens to +x), -1 for the right. */
function drawEnd(canvas: Canvas, scale: number, colors: CourtColors, baseX: number, dir: 1 | -1): void {
  const px = (v: number) => toBg(scale, v);
  const mid = COURT.width / 2;
  const line = 0.33 * scale;
  const laneEnd = baseX + dir * COURT.laneLength;
  const hoopX = baseX + dir * COURT.hoopX;
  // The paint, then its outline and the free-throw circle.
  fillRect(canvas, px(Math.min(baseX, laneEnd)), px(mid - COURT.laneHalfWidth), px(Math.max(baseX, laneEnd)), px(mid + COURT.laneHalfWidth), colors.paint);
  for (const y of [mid - COURT.laneHalfWidth, mid + COURT.laneHalfWidth]) drawLine(canvas, px(baseX), px(y), px(laneEnd), px(y), line, colors.lines);
  drawLine(canvas, px(laneEnd), px(mid - COURT.laneHalfWidth), px(laneEnd), px(mid + COURT.laneHalfWidth), line, colors.lines);
  strokeCircle(canvas, px(laneEnd), px(mid), COURT.freeThrowRadius * scale, line, colors.lines);
  // Three-point line: straight in the corners, an arc beyond them.
  const cornerEnd = baseX + dir * COURT.threeCornerX;
  for (const y of [COURT.threeCornerY, COURT.width - COURT.threeCornerY]) drawLine(canvas, px(baseX), px(y), px(cornerEnd), px(y), line, colors.lines);
  strokeCircle(canvas, px(hoopX), px(mid), COURT.threeRadius * scale, line, colors.lines, (x) => (x - px(cornerEnd)) * dir >= 0);
  strokeCircle(canvas, px(hoopX), px(mid), COURT.restrictedRadius * scale, line * 0.8, colors.lines, (x) => (x - px(hoopX)) * dir >= 0);
  // Backboard, neck and rim.
  const boardX = baseX + dir * COURT.backboardX;
  drawLine(canvas, px(boardX), px(mid - 3), px(boardX), px(mid + 3), 0.45 * scale, [235, 235, 235]);
  drawLine(canvas, px(boardX), px(mid), px(hoopX - dir * COURT.rimRadius), px(mid), 0.25 * scale, colors.rim);
  strokeCircle(canvas, px(hoopX), px(mid), COURT.rimRadius * scale, 0.4 * scale, colors.rim);
}

/**
 * Draws the whole court at `scale` background pixels per foot. The rng only varies the plank
 * shading, so two games with the same colours still have slightly different floors.
 */
export function drawCourt(scale: number, colors: CourtColors, rng: Rng): CourtBackground {
  const width = Math.ceil((COURT.length + 2 * APRON) * scale);
  const height = Math.ceil((COURT.width + 2 * APRON) * scale);
  const canvas = createCanvas(width, height, colors.apron);
  const px = (v: number) => toBg(scale, v);
  const line = 0.33 * scale;
  drawPlanks(canvas, scale, colors.floor, rng);
  drawEnd(canvas, scale, colors, 0, 1);
  drawEnd(canvas, scale, colors, COURT.length, -1);
  // Centre circle (filled like the paint), half-court line and the boundary.
  const mid = COURT.width / 2;
  fillCircle(canvas, px(COURT.length / 2), px(mid), COURT.centreRadius * scale, colors.paint);
  strokeCircle(canvas, px(COURT.length / 2), px(mid), COURT.centreRadius * scale, line, colors.lines);
  drawLine(canvas, px(COURT.length / 2), px(0), px(COURT.length / 2), px(COURT.width), line, colors.lines);
  const corners: [number, number][] = [[0, 0], [COURT.length, 0], [COURT.length, COURT.width], [0, COURT.width]];
  corners.forEach(([x0, y0], i) => {
    const [x1, y1] = corners[(i + 1) % 4]!;
    drawLine(canvas, px(x0), px(y0), px(x1), px(y1), line * 1.3, colors.lines);
  });
  blur3(canvas);
  return { canvas, scale };
}

/**
 * A 3×3 box blur (separable, in place through one scratch row set). Frames take the nearest
 * background pixel; blurring first makes that pixel the average of its neighbourhood, so thin
 * lines neither alias nor shimmer as the camera moves.
 */
function blur3(canvas: Canvas): void {
  const { width: w, height: h, data } = canvas;
  const tmp = new Uint16Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const l = (y * w + Math.max(0, x - 1)) * 3;
      const r = (y * w + Math.min(w - 1, x + 1)) * 3;
      for (let c = 0; c < 3; c++) tmp[i + c] = data[l + c]! + data[i + c]! + data[r + c]!;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w * 3;
    const down = Math.min(h - 1, y + 1) * w * 3;
    const row = y * w * 3;
    for (let i = 0; i < w * 3; i++) data[row + i] = Math.round((tmp[up + i]! + tmp[row + i]! + tmp[down + i]!) / 9);
  }
}
