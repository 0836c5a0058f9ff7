import { describe, expect, it } from 'vitest';
import type { SceneFrame } from '../../../main/synth/choreography.js';
import { type CourtColors, drawCourt } from '../../../main/synth/court.js';
import { type Camera, type FrameStyle, pixelsPerFoot, project, renderFrame } from '../../../main/synth/frame.js';
import { createRng } from '../../../main/system/prng.js';
import { createCanvas, pixelAt, type Rgb } from '../../../main/synth/raster.js';

const COLORS: CourtColors = { floor: [200, 160, 110], paint: [90, 40, 120], lines: [255, 255, 255], apron: [40, 40, 50], rim: [230, 90, 30] };
const HOME: Rgb = [200, 20, 40];
const AWAY: Rgb = [20, 60, 200];
const BALL: Rgb = [228, 110, 34];
const canvas = createCanvas(320, 180);
const bg = drawCourt(Math.ceil(pixelsPerFoot(canvas, 1.35) * 2), COLORS, createRng(1));
const style = (noise = 0): FrameStyle => ({ teams: [HOME, AWAY], ball: BALL, noise: new Int8Array(1 << 10).fill(noise) });
const camera: Camera = { cx: 47, cy: 25, zoom: 1.1 };

/** Ten players spread over the floor, away from lines and each other; the ball alone at centre court. */
const frame: SceneFrame & { offence: 0 | 1 } = {
  players: Array.from({ length: 10 }, (_, i) => ({ x: 20 + 6 * i, y: i % 2 === 0 ? 12 : 38, fx: 1, fy: 0 })),
  ball: { x: 47, y: 21, h: 0 },
  holder: -1,
  shotClock: 20,
  offence: 0,
};

const near = (a: readonly number[], b: readonly number[], tolerance = 3) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

describe('frame rendering', () => {
  it('projects court feet to pixels through the camera', () => {
    expect(project(canvas, camera, 47, 25)).toEqual([160, 90]);
    const s = pixelsPerFoot(canvas, 1.1);
    expect(s).toBeCloseTo(3.52, 6);
    const [x, y] = project(canvas, camera, 57, 20);
    expect(x).toBeCloseTo(160 + 10 * s, 6);
    expect(y).toBeCloseTo(90 - 5 * s, 6);
  });

  it('draws each player in his team’s colour where the camera puts him, and the ball', () => {
    renderFrame(canvas, bg, camera, frame, style(), 0);
    frame.players.forEach((p, i) => {
      const [x, y] = project(canvas, camera, p.x, p.y);
      // Just behind his facing mark: the jersey colour.
      expect(pixelAt(canvas, Math.floor(x - 1), Math.floor(y)), `player ${i}`).toEqual(i < 5 ? HOME : AWAY);
    });
    const [bx, by] = project(canvas, camera, frame.ball.x, frame.ball.y);
    expect(pixelAt(canvas, Math.floor(bx), Math.floor(by))).toEqual(BALL);
  });

  it('shows the floor and the paint from the court drawing', () => {
    renderFrame(canvas, bg, camera, frame, style(), 0);
    // Open floor between players: a plank of the floor colour (planks vary ±7 %).
    const [fx, fy] = project(canvas, camera, 30, 25);
    const floor = pixelAt(canvas, Math.floor(fx), Math.floor(fy));
    expect(floor.every((v, i) => Math.abs(v - COLORS.floor[i]!) <= 0.08 * COLORS.floor[i]! + 2)).toBe(true);
    // Inside the left lane, away from its lines and the free-throw circle.
    const [px, py] = project(canvas, camera, 10, 21);
    expect(near(pixelAt(canvas, Math.floor(px), Math.floor(py)), COLORS.paint)).toBe(true);
  });

  it('adds the grain to every channel, saturating at the ends', () => {
    renderFrame(canvas, bg, camera, frame, style(0), 0);
    const clean = Uint8Array.from(canvas.data);
    renderFrame(canvas, bg, camera, frame, style(10), 0);
    for (let i = 0; i < clean.length; i += 997) expect(canvas.data[i]).toBe(Math.min(255, clean[i]! + 10));
  });

  it('moves the picture when the camera pans', () => {
    renderFrame(canvas, bg, camera, frame, style(), 0);
    const before = Uint8Array.from(canvas.data);
    renderFrame(canvas, bg, { ...camera, cx: camera.cx + 5 }, frame, style(), 0);
    expect(Buffer.from(canvas.data).equals(Buffer.from(before))).toBe(false);
  });
});
