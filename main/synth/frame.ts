/**
 * Draws one frame: the court cut from its supersampled background through the camera (bilinear),
 * the ten players as discs in team colours with a small light mark on the side they face, the ball
 * (bigger and with a shadow when in the air), a broadcast-style score bug with the shot clock, and
 * sensor noise.
 */
import type { SceneFrame } from './choreography.js';
import { APRON, type CourtBackground } from './court.js';
import { type Canvas, type Rgb, fillCircle, fillRect, shade } from './raster.js';

export interface Camera {
  /** Court feet at the centre of the picture. */
  cx: number;
  cy: number;
  /** 1 shows 100 ft across the frame; more is closer. */
  zoom: number;
}

export interface FrameStyle {
  /** Jersey colours: home, away. */
  teams: [Rgb, Rgb];
  ball: Rgb;
  /** Signed grain added to every pixel, read from a random offset each frame. */
  noise: Int8Array;
}

/** Feet across the picture at zoom 1: the whole court with a little apron. */
export const VIEW_FT = 100;

export function pixelsPerFoot(canvas: Pick<Canvas, 'width' | 'height'>, zoom: number): number {
  return Math.min(canvas.width / VIEW_FT, canvas.height / (VIEW_FT * 9 / 16)) * zoom;
}

/** Court feet → picture pixels for this camera. */
export function project(canvas: Canvas, camera: Camera, x: number, y: number): [number, number] {
  const s = pixelsPerFoot(canvas, camera.zoom);
  return [(x - camera.cx) * s + canvas.width / 2, (y - camera.cy) * s + canvas.height / 2];
}

/** Per-output-pixel background index along one axis (already multiplied by the axis stride). */
function sampleAxis(n: number, centre: number, perFoot: number, bg: CourtBackground, limit: number, stride: number): Int32Array {
  const offset = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const feet = centre + (i + 0.5 - n / 2) / perFoot;
    offset[i] = Math.min(limit - 1, Math.max(0, Math.floor((feet + APRON) * bg.scale))) * stride;
  }
  return offset;
}

/**
 * Cuts the camera's view out of the background. The background is supersampled and pre-blurred
 * (court.ts), so picking the nearest background pixel is already a proper average over the output
 * pixel's footprint, and four times cheaper than bilinear: this loop is most of a frame's cost.
 */
function drawBackground(out: Canvas, bg: CourtBackground, camera: Camera): void {
  const s = pixelsPerFoot(out, camera.zoom);
  const { width: bw, height: bh, data: src } = bg.canvas;
  const cols = sampleAxis(out.width, camera.cx, s, bg, bw, 3);
  const rows = sampleAxis(out.height, camera.cy, s, bg, bh, bw * 3);
  const dst = out.data;
  const width = out.width;
  let o = 0;
  for (let y = 0; y < out.height; y++) {
    const row = rows[y]!;
    for (let x = 0; x < width; x++) {
      const a = row + cols[x]!;
      dst[o] = src[a]!;
      dst[o + 1] = src[a + 1]!;
      dst[o + 2] = src[a + 2]!;
      o += 3;
    }
  }
}

function drawPlayers(out: Canvas, camera: Camera, frame: SceneFrame, style: FrameStyle): void {
  const s = pixelsPerFoot(out, camera.zoom);
  const r = 1.25 * s;
  frame.players.forEach((p, i) => {
    const color = style.teams[i < 5 ? 0 : 1];
    const [x, y] = project(out, camera, p.x, p.y);
    // A dark rim keeps a white jersey visible on a light floor; the mark shows which way he faces.
    fillCircle(out, x, y, r, shade(color, 0.45));
    fillCircle(out, x, y, r * 0.78, color);
    const mark = color[0] + color[1] + color[2] > 450 ? shade(color, 0.35) : shade(color, 1.75);
    fillCircle(out, x + p.fx * r * 0.5, y + p.fy * r * 0.5, r * 0.3, mark);
  });
}

function drawBall(out: Canvas, camera: Camera, frame: SceneFrame, style: FrameStyle): void {
  const s = pixelsPerFoot(out, camera.zoom);
  const { x, y, h } = frame.ball;
  // The shadow falls down and to the right: the higher the ball, the further its shadow.
  const [sx, sy] = project(out, camera, x + h * 0.25, y + h * 0.35);
  fillCircle(out, sx, sy, 0.55 * s, [20, 14, 8], 0.35);
  const [bx, by] = project(out, camera, x, y);
  const r = 0.55 * s * (1 + h / 12);
  fillCircle(out, bx, by, r + Math.max(0.6, 0.12 * s), shade(style.ball, 0.35));
  fillCircle(out, bx, by, r, style.ball);
}

/** Bottom-left: home and away chips, a marker on the team with the ball, the shot clock as a bar. */
function drawScoreBug(out: Canvas, frame: SceneFrame & { offence: 0 | 1 }, style: FrameStyle): void {
  const { width: w, height: h } = out;
  const x0 = Math.round(w * 0.03);
  // Low enough to sit mostly on the apron below the near sideline, where it hides little play.
  const bh = Math.max(3, Math.round(h * 0.05));
  const y0 = h - bh - Math.round(h * 0.012);
  fillRect(out, x0, y0, x0 + w * 0.36, y0 + bh, [18, 20, 28], 0.85);
  const chip = w * 0.09;
  style.teams.forEach((color, t) => {
    const cx = x0 + w * 0.01 + t * (chip + w * 0.025);
    fillRect(out, cx, y0 + bh * 0.2, cx + chip, y0 + bh * 0.8, color);
    if (frame.offence === t) fillRect(out, cx + chip + w * 0.004, y0 + bh * 0.35, cx + chip + w * 0.016, y0 + bh * 0.65, [250, 250, 250]);
  });
  const clockX = x0 + w * 0.24;
  const full = w * 0.11;
  const left = Math.min(1, frame.shotClock / 24);
  fillRect(out, clockX, y0 + bh * 0.3, clockX + full, y0 + bh * 0.7, [60, 60, 70]);
  fillRect(out, clockX, y0 + bh * 0.3, clockX + full * left, y0 + bh * 0.7, frame.shotClock < 5 ? [235, 60, 40] : [245, 200, 60]);
}

/**
 * Grain in brightness only, the same for a pixel's three channels: most of a sensor's visible
 * noise, and colour noise would be thrown away by 4:2:0 chroma subsampling anyway.
 */
function addNoise(out: Canvas, noise: Int8Array, offset: number): void {
  // A clamped view of the same bytes: stores saturate at 0 and 255 without a branch.
  const d = new Uint8ClampedArray(out.data.buffer, out.data.byteOffset, out.data.length);
  const mask = noise.length - 1; // a power of two
  for (let i = 0, p = offset; i < d.length; i += 3, p++) {
    const n = noise[p & mask]!;
    d[i] = d[i]! + n;
    d[i + 1] = d[i + 1]! + n;
    d[i + 2] = d[i + 2]! + n;
  }
}

/** Renders `frame` into `out` (overwriting it). `noiseOffset` picks this frame's grain. */
export function renderFrame(
  out: Canvas,
  bg: CourtBackground,
  camera: Camera,
  frame: SceneFrame & { offence: 0 | 1 },
  style: FrameStyle,
  noiseOffset: number,
): void {
  drawBackground(out, bg, camera);
  drawPlayers(out, camera, frame, style);
  drawBall(out, camera, frame, style);
  drawScoreBug(out, frame, style);
  addNoise(out, style.noise, noiseOffset);
}
