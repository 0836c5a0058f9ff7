import { describe, expect, it } from 'vitest';
import { cleanSeconds, codeWindowSpan, frameStart, markedSpan, nearestEdge, nudgedEdge, snapToFrame } from '../../../renderer/src/lib/coding-span.js';

describe('coding spans', () => {
  it('snaps to the frame grid of the game', () => {
    expect(snapToFrame(12.413, 25)).toBe(12.4);
    expect(snapToFrame(12.421, 25)).toBe(12.44);
    // 29.97 fps: frame 300 starts at 300 / 29.97 = 10.01001 s.
    expect(snapToFrame(10.0102, 29.97)).toBeCloseTo(300 / 29.97, 6);
    expect(cleanSeconds(12.44 - 0.04)).toBe(12.4);
  });

  it('finds the start of the frame on screen, from anywhere inside it', () => {
    expect(frameStart(9.02, 25)).toBe(9);
    expect(frameStart(9.0399, 25)).toBe(9);
    expect(frameStart(9.04, 25)).toBe(9.04);
    expect(frameStart(-1, 25)).toBe(0);
  });

  it('marks a span with I and O in either order, the out frame included', () => {
    // In on frame 75 (3.00–3.04 s), out on frame 199 (7.96–8.00 s): 3 to 8 s.
    expect(markedSpan(3.02, 7.98, 25)).toEqual({ startS: 3, endS: 8 });
    expect(markedSpan(7.98, 3.02, 25)).toEqual({ startS: 3, endS: 8 });
    // Both on one frame: that frame.
    expect(markedSpan(3.001, 3.03, 25)).toEqual({ startS: 3, endS: 3.04 });
  });

  it('pads a code bar play by lead and lag, stopping at neighbours and the ends of the video', () => {
    const plays = [{ startS: 0, endS: 4 }, { startS: 20, endS: 25 }];
    // Open space: the full lead and lag.
    expect(codeWindowSpan(10, 14, 2, 1.6, plays, 60, 25)).toEqual({ startS: 8, endS: 15.6 });
    // The lead would run into the play ending at 4 s, the lag into the one starting at 20 s.
    expect(codeWindowSpan(5, 19, 3, 3, plays, 60, 25)).toEqual({ startS: 4, endS: 20 });
    // The end of the video, and the start.
    expect(codeWindowSpan(55, 59, 1, 5, [], 60, 25)).toEqual({ startS: 54, endS: 60 });
    expect(codeWindowSpan(0.5, 2, 3, 0, [], 60, 25)).toEqual({ startS: 0, endS: 2 });
    // No lead or lag: the starts of the frames on screen at the presses.
    expect(codeWindowSpan(10.013, 12.02, 0, 0, [], 60, 25)).toEqual({ startS: 10, endS: 12 });
    // Both presses inside one play: nothing left between its edges (the library would refuse it anyway).
    expect(codeWindowSpan(21, 22, 0, 0, plays, 60, 25)).toEqual({ startS: 21, endS: 22 });
  });

  it('moves the edge nearer the playhead, and the playhead shows the frame at that edge', () => {
    const play = { startS: 10, endS: 14 };
    expect(nearestEdge(play, 10.02)).toBe('start');
    expect(nearestEdge(play, 13.5)).toBe('end');
    expect(nearestEdge(play, 12)).toBe('start');
    expect(nudgedEdge(play, 'start', -1, 'frame', 25)).toEqual({ startS: 9.96, endS: 14, showS: 9.98 });
    expect(nudgedEdge(play, 'end', 1, 'frame', 25)).toEqual({ startS: 10, endS: 14.04, showS: 14.02 });
    expect(nudgedEdge(play, 'end', -1, 'second', 25)).toEqual({ startS: 10, endS: 13, showS: 12.98 });
    // Never before the start of the video.
    expect(nudgedEdge({ startS: 0.5, endS: 3 }, 'start', -1, 'second', 25).startS).toBe(0);
  });
});
