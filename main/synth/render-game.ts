/**
 * Renders one game's timeline to an MP4: the game's court and colours, a broadcast camera that
 * follows the ball with a lag, zooms in a little during plays and shakes slightly, and per-frame
 * sensor noise. Everything random comes from the game's own rng, so a game's bytes depend only on
 * the seed and its index.
 */
import { APRON, COURT, type CourtColors, drawCourt } from './court.js';
import { openEncoder } from './encoder.js';
import { type Camera, type FrameStyle, pixelsPerFoot, renderFrame } from './frame.js';
import type { GamePlan } from './plan.js';
import type { Rng } from '../system/prng.js';
import { type Rgb, createCanvas, hexToRgb } from './raster.js';
import type { GameTimeline } from './timeline.js';

export interface RenderGameOptions {
  file: string;
  game: GamePlan;
  timeline: GameTimeline;
  width: number;
  height: number;
  rng: Rng;
  signal?: AbortSignal;
  /** Called after every frame handed to the encoder. */
  onFrame?: (frame: number) => void;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const channel = (i: 0 | 1 | 2) => Math.round(a[i] + (b[i] - a[i]) * t);
  return [channel(0), channel(1), channel(2)];
}

function courtColors(game: GamePlan, rng: Rng): CourtColors {
  const tint = () => rng.int(-12, 12);
  const floor: Rgb = [205 + tint(), 160 + tint(), 112 + tint()];
  return {
    floor,
    // The home team's colour in the paint, toned well down so their own jerseys still stand out on it.
    paint: mix(hexToRgb(game.teams[0].color), floor, 0.7),
    lines: [242, 242, 236],
    apron: [48 + tint(), 52 + tint(), 62 + tint()],
    rim: [232, 92, 30],
  };
}

/** Gaussian grain, clipped; a power-of-two length so a frame picks its slice with a mask. */
function noiseTable(rng: Rng): Int8Array {
  const sigma = rng.range(1.5, 3.5);
  const table = new Int8Array(1 << 18);
  for (let i = 0; i < table.length; i++) table[i] = Math.max(-12, Math.min(12, Math.round(rng.normal() * sigma)));
  return table;
}

/** A lagging, slightly shaky broadcast camera. */
function cameraPath(timeline: GameTimeline, width: number, height: number, rng: Rng): Camera[] {
  const { fps, frames, plays } = timeline;
  const follow = 1 - Math.exp(-1 / (0.7 * fps)); // reaches the ball in about 0.7 s
  const inPlay = new Uint8Array(frames.length);
  const zoomFor: number[] = [];
  for (const play of plays) {
    inPlay.fill(1, play.startFrame, play.endFrame);
    zoomFor.push(rng.range(1.05, 1.25));
  }
  const cam: Camera = { cx: COURT.length / 2, cy: COURT.width / 2, zoom: 1 };
  const shake = { x: 0, y: 0, z: 0 };
  let playIndex = -1;
  return frames.map((f, k) => {
    if (inPlay[k] && !inPlay[k - 1]) playIndex++;
    const targetZoom = inPlay[k] ? zoomFor[playIndex]! : 1.02;
    const targetX = COURT.length / 2 + (f.ball.x - COURT.length / 2) * 0.5;
    const targetY = COURT.width / 2 + (f.ball.y - COURT.width / 2) * 0.2;
    // After a cut the camera is already where it should be; otherwise it catches up.
    const rate = f.cut ? 1 : follow;
    cam.zoom += (targetZoom - cam.zoom) * rate * (f.cut ? 1 : 0.5);
    cam.cx += (targetX - cam.cx) * rate;
    cam.cy += (targetY - cam.cy) * rate;
    shake.x = shake.x * 0.9 + rng.normal() * 0.06;
    shake.y = shake.y * 0.9 + rng.normal() * 0.06;
    shake.z = shake.z * 0.95 + rng.normal() * 0.0015;
    const zoom = cam.zoom + shake.z;
    // Never show beyond the apron drawn around the court.
    const s = pixelsPerFoot({ width, height }, zoom);
    const halfW = width / 2 / s;
    const halfH = height / 2 / s;
    const clamp = (v: number, lo: number, hi: number) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
    return {
      cx: clamp(cam.cx + shake.x, -APRON + halfW, COURT.length + APRON - halfW),
      cy: clamp(cam.cy + shake.y, -APRON + halfH, COURT.width + APRON - halfH),
      zoom,
    };
  });
}

export async function renderGame(options: RenderGameOptions): Promise<void> {
  const { file, game, timeline, width, height, rng, signal } = options;
  const canvas = createCanvas(width, height);
  // Supersample the court 2× relative to the closest zoom, so resampling never magnifies it.
  const bg = drawCourt(Math.ceil(pixelsPerFoot(canvas, 1.35) * 2), courtColors(game, rng.fork('court')), rng.fork('planks'));
  const style: FrameStyle = { teams: [hexToRgb(game.teams[0].color), hexToRgb(game.teams[1].color)], ball: [228, 110, 34], noise: noiseTable(rng.fork('noise')) };
  const cameras = cameraPath(timeline, width, height, rng.fork('camera'));
  const grain = rng.fork('grain');
  const encoder = openEncoder({ file, width, height, fps: timeline.fps, signal });
  try {
    for (let k = 0; k < timeline.frames.length; k++) {
      renderFrame(canvas, bg, cameras[k]!, timeline.frames[k]!, style, grain.int(0, style.noise.length - 1));
      await encoder.write(canvas.data);
      options.onFrame?.(k);
    }
    await encoder.finish();
  } catch (error) {
    await encoder.abort();
    throw error;
  }
}
