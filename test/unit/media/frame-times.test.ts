import { describe, expect, it } from 'vitest';
import { frameIndexAt, framePlan, sampleInstants } from '../../../main/media/frame-times.js';

describe('which frames stand for a play', () => {
  it('takes the centres of T equal slices of [start, end]', () => {
    // [10, 14] in 4 slices of 1 s: centres 10.5, 11.5, 12.5, 13.5.
    expect(sampleInstants(10, 14, 4)).toEqual([10.5, 11.5, 12.5, 13.5]);
    const forty = sampleInstants(0, 8, 40);
    expect(forty).toHaveLength(40);
    expect(forty[0]).toBeCloseTo(0.1, 12);
    expect(forty[39]).toBeCloseTo(7.9, 12);
  });

  it('maps an instant to the frame on screen then', () => {
    expect(frameIndexAt(0, 25)).toBe(0);
    expect(frameIndexAt(0.039, 25)).toBe(0);
    expect(frameIndexAt(0.04, 25)).toBe(1); // exactly the start of frame 1
    expect(frameIndexAt(2.5, 29.97)).toBe(74); // 2.5 × 29.97 = 74.925
    expect(frameIndexAt(1.2, 25)).toBe(30); // 1.2 × 25 = 29.999999999999996 in floating point
  });

  it('lists each needed frame once and fills repeated slots from it when a play is shorter than T frames', () => {
    // 1 s at 10 fps has 10 frames for 20 slots: each frame fills two slots.
    const plan = framePlan(5, 6, 20, 10, 10_000);
    expect(plan.unique).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(plan.slots).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  });

  it('never asks for a frame past the last one', () => {
    const plan = framePlan(9, 10, 4, 25, 240);
    expect(Math.max(...plan.unique)).toBeLessThanOrEqual(240);
  });
});
