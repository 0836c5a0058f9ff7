import { describe, expect, it } from 'vitest';
import {
  adjacentPlayIndex,
  confidenceHeight,
  frameAt,
  frameStepTime,
  nextSpeed,
  PLAYBACK_SPEEDS,
  validSpeed,
  loopSeek,
  playIndexAt,
  shuttleRate,
} from '../../../renderer/src/lib/review-playback.js';

const PLAYS = [
  { startS: 2, endS: 8 },
  { startS: 10, endS: 15 },
  { startS: 20, endS: 26 },
];

describe('playback speed', () => {
  it('steps through 0.25× to 2× and stays at the ends', () => {
    expect(PLAYBACK_SPEEDS).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 2]);
    expect(nextSpeed(1, 1)).toBe(1.25);
    expect(nextSpeed(1, -1)).toBe(0.75);
    expect(nextSpeed(2, 1)).toBe(2);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    // A speed between the steps (none should be, but storage is outside input) goes to its neighbour.
    expect(nextSpeed(1.1, 1)).toBe(1.25);
    expect(nextSpeed(1.1, -1)).toBe(1);
  });

  it('accepts only the listed speeds back from storage', () => {
    expect(validSpeed(0.5)).toBe(0.5);
    expect(validSpeed(3)).toBe(1);
    expect(validSpeed('2')).toBe(1);
    expect(validSpeed(Number.NaN)).toBe(1);
  });

  it('the shuttle starts at the chosen speed, and L again goes to the next shuttle speed above it', () => {
    expect(shuttleRate(0, 'l', 0.5)).toBe(0.5);
    expect(shuttleRate(0.5, 'l', 0.5)).toBe(1);
    expect(shuttleRate(1, 'l', 0.5)).toBe(2);
    expect(shuttleRate(0, 'j', 0.25)).toBe(-0.25);
    expect(shuttleRate(-0.25, 'j', 0.25)).toBe(-1);
    expect(shuttleRate(0, 'l', 1.5)).toBe(1.5);
    expect(shuttleRate(1.5, 'l', 1.5)).toBe(2);
    expect(shuttleRate(8, 'l', 2)).toBe(8);
    expect(shuttleRate(0.5, 'j', 0.5)).toBe(-0.5);
    expect(shuttleRate(0.5, 'k', 0.5)).toBe(0);
  });
});

describe('shuttleRate', () => {
  it('goes 1×, 2×, 4×, 8× forward with L, the same backwards with J, and stops with K', () => {
    const presses = (keys: string, from = 0) => [...keys].reduce((rate, key) => shuttleRate(rate, key as 'j' | 'k' | 'l'), from);
    expect(presses('l')).toBe(1);
    expect(presses('ll')).toBe(2);
    expect(presses('llll')).toBe(8);
    expect(presses('lllll')).toBe(8);
    expect(presses('j')).toBe(-1);
    expect(presses('jjj')).toBe(-4);
    // Reversing starts again at 1×.
    expect(presses('lllj')).toBe(-1);
    expect(presses('jjl')).toBe(1);
    expect(presses('llk')).toBe(0);
  });
});

describe('frame steps', () => {
  it('lands in the middle of the next frame on the game’s own grid', () => {
    // 25 fps: frame 100 shows from 4.00 s to 4.04 s; one step on is frame 101, middle 4.06 s.
    expect(frameStepTime(4.0, 25, 1, 60)).toBeCloseTo(4.06, 10);
    expect(frameStepTime(4.039, 25, 1, 60)).toBeCloseTo(4.06, 10);
    expect(frameStepTime(4.0, 25, -1, 60)).toBeCloseTo(3.98, 10);
    // 29.97 fps (30000/1001): frame 0 → 1, middle at 1.5 · 1001/30000 s.
    expect(frameStepTime(0, 30000 / 1001, 1, 60)).toBeCloseTo((1.5 * 1001) / 30000, 10);
    // Stepping a middle time twice moves two frames: frameAt agrees with the step.
    const once = frameStepTime(4.0, 25, 1, 60);
    expect(frameAt(frameStepTime(once, 25, 1, 60), 25)).toBe(102);
  });

  it('stops at the first and the last frame', () => {
    expect(frameStepTime(0.01, 25, -1, 60)).toBeCloseTo(0.02, 10);
    // 2 s at 25 fps: frames 0–49, the last shown from 1.96 s.
    expect(frameStepTime(1.97, 25, 1, 2)).toBeCloseTo(1.98, 10);
  });
});

describe('plays under the playhead', () => {
  it('is the play containing the time, or the last one started, or the first', () => {
    expect(playIndexAt(PLAYS, 0)).toBe(0);
    expect(playIndexAt(PLAYS, 2)).toBe(0);
    expect(playIndexAt(PLAYS, 9)).toBe(0);
    expect(playIndexAt(PLAYS, 10)).toBe(1);
    expect(playIndexAt(PLAYS, 99)).toBe(2);
    expect(playIndexAt([], 3)).toBe(-1);
  });

  it('N goes to the next start (from before the first play, to the first); P to the play before the current', () => {
    expect(adjacentPlayIndex(PLAYS, 0, 1)).toBe(0);
    expect(adjacentPlayIndex(PLAYS, 2, 1)).toBe(1);
    expect(adjacentPlayIndex(PLAYS, 12, 1)).toBe(2);
    expect(adjacentPlayIndex(PLAYS, 21, 1)).toBe(-1);
    expect(adjacentPlayIndex(PLAYS, 21, -1)).toBe(1);
    expect(adjacentPlayIndex(PLAYS, 10, -1)).toBe(0);
    expect(adjacentPlayIndex(PLAYS, 5, -1)).toBe(-1);
    expect(adjacentPlayIndex(PLAYS, 0, -1)).toBe(-1);
  });

  it('loops back to the start at the end of the play, or when the playhead left it', () => {
    expect(loopSeek(PLAYS[1]!, 12)).toBeUndefined();
    expect(loopSeek(PLAYS[1]!, 15)).toBe(10);
    expect(loopSeek(PLAYS[1]!, 16)).toBe(10);
    expect(loopSeek(PLAYS[1]!, 3)).toBe(10);
  });
});

describe('timeline shading', () => {
  it('draws a sure prediction the row’s full height and an unsure one a low bar, never nothing', () => {
    expect(confidenceHeight(1)).toBe(1);
    expect(confidenceHeight(0)).toBe(0.35);
    expect(confidenceHeight(0.5)).toBeCloseTo(0.675, 10);
    expect(confidenceHeight(-1)).toBe(0.35);
    expect(confidenceHeight(3)).toBe(1);
    expect(confidenceHeight(Number.NaN)).toBe(0.35);
  });
});
