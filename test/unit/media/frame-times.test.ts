import { describe, expect, it } from 'vitest';
import { frameShownAt, sampleInstants, timePlan } from '../../../main/media/frame-times.js';

describe('which frames stand for a play', () => {
  it('takes the centres of T equal slices of [start, end]', () => {
    // [10, 14] in 4 slices of 1 s: centres 10.5, 11.5, 12.5, 13.5.
    expect(sampleInstants(10, 14, 4)).toEqual([10.5, 11.5, 12.5, 13.5]);
    const forty = sampleInstants(0, 8, 40);
    expect(forty).toHaveLength(40);
    expect(forty[0]).toBeCloseTo(0.1, 12);
    expect(forty[39]).toBeCloseTo(7.9, 12);
  });

  it('maps an instant to the frame on screen then: the last one starting at or before it', () => {
    const times = [0, 0.04, 0.08, 0.1, 0.12, 0.5]; // 25 fps, then 50 fps, then a still of 0.38 s
    expect(frameShownAt(times, 0)).toBe(0);
    expect(frameShownAt(times, 0.039)).toBe(0);
    expect(frameShownAt(times, 0.04)).toBe(1); // exactly the start of frame 1
    expect(frameShownAt(times, 0.0999999)).toBe(3); // within a microsecond of 0.1 counts as 0.1: printed times are rounded
    expect(frameShownAt(times, 0.0999)).toBe(2);
    expect(frameShownAt(times, 0.11)).toBe(3);
    expect(frameShownAt(times, 0.49)).toBe(4); // the long frame before a gap
    expect(frameShownAt(times, 99)).toBe(5); // past the end: the last frame
  });

  it('gives the first frame for an instant before it (video that starts after its audio), and -1 with no frames', () => {
    expect(frameShownAt([0.5, 0.54], 0.2)).toBe(0);
    expect(frameShownAt([], 3)).toBe(-1);
  });

  it('lists each needed frame once and fills repeated slots from it when a play is shorter than T frames', () => {
    // 1 s at 10 fps has 10 frames for 20 slots: each frame fills two slots.
    const times = Array.from({ length: 20 }, (_, k) => 4.5 + k / 10);
    const plan = timePlan(sampleInstants(5, 6, 20), times);
    expect(plan.needed.map((t) => Math.round(t * 10))).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(plan.slots).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  });

  it('follows the frame times, not one frame rate, across a change of rate', () => {
    // Frames at 25 fps up to 4 s, then 50 fps: [3.9, 4.1] in 4 slices → 3.925, 3.975, 4.025, 4.075.
    const times = [3.84, 3.88, 3.92, 3.96, 4, 4.02, 4.04, 4.06, 4.08];
    expect(timePlan(sampleInstants(3.9, 4.1, 4), times)).toEqual({ needed: [3.92, 3.96, 4.02, 4.06], slots: [0, 1, 2, 3] });
  });
});
