import { describe, expect, it } from 'vitest';
import {
  boxInWindow,
  clampWindow,
  edgeScrollS,
  fitSpan,
  followPlayhead,
  isZoomed,
  panBy,
  percentAt,
  rulerLabel,
  rulerTicks,
  timeAtX,
  wholeFilm,
  windowLengthLabel,
  zoomAround,
} from '../../../renderer/src/lib/timeline-zoom.js';

/** A two-hour game, the case that needs zooming: 7200 s on a 1660 px track is 4.3 s a pixel. */
const GAME = 7200;

/** Compares a window's ends to the hand-worked ones, to a microsecond. */
function expectWindow(actual: { startS: number; endS: number }, startS: number, endS: number): void {
  expect(actual.startS).toBeCloseTo(startS, 6);
  expect(actual.endS).toBeCloseTo(endS, 6);
}

describe('zooming the window', () => {
  it('zooms around the anchor, which keeps its place on the screen', () => {
    // Twice in around the middle of the game: 3600 s wide, 3600 still in the middle.
    expectWindow(zoomAround(wholeFilm(GAME), 2, 3600, GAME), 1800, 5400);
    // 4× in around 10 s of 0–100 (a tenth in): 25 s wide, 10 still a tenth in: 7.5–32.5.
    expectWindow(zoomAround({ startS: 0, endS: 100 }, 4, 10, 100), 7.5, 32.5);
    // Near the end: 2× around 99 (99% in) gives 50 s with 99 at 99%: 49.5–99.5.
    expectWindow(zoomAround({ startS: 0, endS: 100 }, 2, 99, 100), 49.5, 99.5);
  });

  it('stops at two seconds and at the whole film', () => {
    // 3 s → 0.75 s asked, 2 s given; the anchor 11 stays a third in: 10.333–12.333.
    expectWindow(zoomAround({ startS: 10, endS: 13 }, 4, 11, GAME), 10 + 1 / 3, 12 + 1 / 3);
    expectWindow(zoomAround({ startS: 0, endS: 100 }, 0.5, 90, 100), 0, 100);
    // Zooming out near the start keeps the window inside the film.
    expectWindow(zoomAround({ startS: 1, endS: 11 }, 0.5, 2, GAME), 0, 20);
    // A film shorter than two seconds is shown whole.
    expectWindow(clampWindow({ startS: 0.2, endS: 0.4 }, 1.5), 0, 1.5);
  });

  it('centres on an anchor out of view', () => {
    expectWindow(zoomAround({ startS: 0, endS: 10 }, 2, 50, 100), 47.5, 52.5);
  });

  it('knows whether it is zoomed', () => {
    expect(isZoomed(wholeFilm(GAME), GAME)).toBe(false);
    expect(isZoomed({ startS: 0, endS: 7100 }, GAME)).toBe(true);
  });
});

describe('fitting a play', () => {
  it('adds a sixth of the play each side, at least half a second', () => {
    // A 6 s play: 1 s margins.
    expectWindow(fitSpan({ startS: 1200, endS: 1206 }, GAME), 1199, 1207);
    // A 0.6 s play: 1.6 s with margins, widened to the 2 s minimum around its centre 1.3.
    expectWindow(fitSpan({ startS: 1, endS: 1.6 }, GAME), 0.3, 2.3);
    // At the film's start: 3.8 s wide, pushed inside the film.
    expectWindow(fitSpan({ startS: 0.2, endS: 3 }, GAME), 0, 3.8);
  });
});

describe('scrolling and following the playhead', () => {
  it('scrolls, stopping at the ends', () => {
    expectWindow(panBy({ startS: 100, endS: 130 }, 15, GAME), 115, 145);
    expectWindow(panBy({ startS: 100, endS: 130 }, -200, GAME), 0, 30);
    expectWindow(panBy({ startS: 7000, endS: 7190 }, 50, GAME), 7010, 7200);
  });

  it('pages when the playhead leaves the window, and only then', () => {
    const window = { startS: 100, endS: 130 };
    expect(followPlayhead(window, 115, GAME)).toBe(window);
    expect(followPlayhead(window, 130, GAME)).toBe(window);
    // Forward past the end: the playhead a tenth in from the left (3 s of 30).
    expectWindow(followPlayhead(window, 131, GAME), 128, 158);
    // Back past the start: a tenth in from the right.
    expectWindow(followPlayhead(window, 99, GAME), 72, 102);
    // A jump near the film's end keeps the window inside it.
    expectWindow(followPlayhead(window, 7199, GAME), 7170, 7200);
  });
});

describe('scrolling while an edge is dragged past the track', () => {
  const window = { startS: 100, endS: 110 };
  it('scrolls only outside the track, faster the farther, capped', () => {
    expect(edgeScrollS(500, 1000, window, 0.1)).toBe(0);
    expect(edgeScrollS(0, 1000, window, 0.1)).toBe(0);
    // 100 px past the right end of 1000: a tenth of a width × 4 widths/s × 10 s × 0.1 s = 0.4 s later.
    expect(edgeScrollS(1100, 1000, window, 0.1)).toBeCloseTo(0.4, 9);
    // 50 px past the left end: 0.2 s earlier.
    expect(edgeScrollS(-50, 1000, window, 0.1)).toBeCloseTo(-0.2, 9);
    // Capped at half a track: 2 s a tenth of a second.
    expect(edgeScrollS(5000, 1000, window, 0.1)).toBeCloseTo(2, 9);
    expect(edgeScrollS(100, 0, window, 0.1)).toBe(0);
  });
});

describe('pixels and seconds in the window', () => {
  const window = { startS: 1200, endS: 1210 };

  it('maps a click on the unzoomed timeline to a time along the game, clamped', () => {
    const game = wholeFilm(600);
    expect(timeAtX(250, 1000, game)).toBe(150);
    expect(timeAtX(-5, 1000, game)).toBe(0);
    expect(timeAtX(1200, 1000, game)).toBe(600);
  });

  it('maps a pointer to a time inside the window', () => {
    // A quarter of 1660 px into 1200–1210: 1202.5 s.
    expect(timeAtX(415, 1660, window)).toBeCloseTo(1202.5, 9);
    expect(timeAtX(-10, 1660, window)).toBe(1200);
    expect(timeAtX(2000, 1660, window)).toBe(1210);
    expect(timeAtX(5, 0, window)).toBe(1200);
  });

  it('places times and spans as percentages of the track', () => {
    expect(percentAt(1205, window)).toBeCloseTo(50, 9);
    const box = boxInWindow({ startS: 1195, endS: 1202 }, window);
    expect(box.left).toBeCloseTo(-50, 9);
    expect(box.width).toBeCloseTo(70, 9);
  });

  it('maps back and forth: the time at a time’s pixel is that time', () => {
    for (const t of [1200, 1201.04, 1206.52, 1210]) expect(timeAtX((percentAt(t, window) / 100) * 1660, 1660, window)).toBeCloseTo(t, 9);
  });
});

describe('the ruler', () => {
  it('labels a two-hour game every 5 minutes at 1660 px, with minute ticks between', () => {
    // 0.2306 px/s: 300 s is the first step at least 64 px (69 px). No label in the last 139 s.
    const ruler = rulerTicks(wholeFilm(GAME), 1660);
    expect(ruler.stepS).toBe(300);
    expect(ruler.ticks.map((tick) => tick.timeS)).toEqual(Array.from({ length: 24 }, (_, i) => i * 300));
    expect(ruler.ticks[12]!.label).toBe('1:00:00');
    expect(ruler.ticks[23]!.label).toBe('1:55:00');
    // Minutes that are not a multiple of 5: 121 − 25.
    expect(ruler.minor).toHaveLength(96);
  });

  it('labels half seconds when 10 s fill 1660 px', () => {
    // 166 px/s: 0.2 s is 33 px, 0.5 s is 83 px; 1200.0 is within 32 px of the left end, so unlabelled.
    const ruler = rulerTicks({ startS: 1200, endS: 1210 }, 1660);
    expect(ruler.stepS).toBe(0.5);
    expect(ruler.ticks).toHaveLength(19);
    expect(ruler.ticks[0]).toMatchObject({ timeS: 1200.5, label: '20:00.5' });
    expect(ruler.ticks[0]!.percent).toBeCloseTo(5, 9);
    expect(ruler.ticks.at(-1)!.timeS).toBe(1209.5);
    // Tenths between: 101 multiples of 0.1 less the 21 of 0.5.
    expect(ruler.minor).toHaveLength(80);
  });

  it('steps through seconds, 30 s and minutes as the window widens', () => {
    expect(rulerTicks({ startS: 60, endS: 90 }, 1000).stepS).toBe(2);
    expect(rulerTicks({ startS: 60, endS: 90 }, 1000).ticks[0]!.label).toBe('1:02');
    expect(rulerTicks({ startS: 0, endS: 60 }, 1000).stepS).toBe(5);
    expect(rulerTicks({ startS: 0, endS: 300 }, 1000).stepS).toBe(30);
    expect(rulerTicks({ startS: 0, endS: 600 }, 1000).stepS).toBe(60);
    // The film's start keeps its label at the left end.
    expect(rulerTicks({ startS: 0, endS: 300 }, 1000).ticks[0]).toMatchObject({ timeS: 0, label: '0:00', percent: 0 });
  });

  it('draws nothing on an empty track', () => {
    expect(rulerTicks({ startS: 0, endS: 10 }, 0).ticks).toEqual([]);
  });

  it('writes labels as clocks', () => {
    expect(rulerLabel(3725, 60)).toBe('1:02:05');
    expect(rulerLabel(65, 5)).toBe('1:05');
    expect(rulerLabel(1200.5, 0.5)).toBe('20:00.5');
    expect(rulerLabel(0.2, 0.2)).toBe('0:00.2');
  });

  it('says how long the window is', () => {
    expect(windowLengthLabel({ startS: 10, endS: 12 })).toBe('2 s');
    expect(windowLengthLabel({ startS: 0, endS: 45 })).toBe('45 s');
    expect(windowLengthLabel({ startS: 0, endS: 180 })).toBe('3 min');
    expect(windowLengthLabel({ startS: 0, endS: 7200 })).toBe('2 h');
    expect(windowLengthLabel({ startS: 0, endS: 4800 })).toBe('1 h 20 min');
  });
});
