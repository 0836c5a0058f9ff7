import { describe, expect, it } from 'vitest';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };

/** The panels' background of the dark theme (app.css --bg-raised), which the swatches and bars sit on. */
const PANEL = '#151a1f';
/** The timeline's track (ReviewTimeline.svelte), under every label and prediction bar. */
const TRACK = '#1a2027';
/** The theme's darkest text colour (app.css --bg), for any text drawn on a play type's colour. */
const DARK_TEXT = '#0e1114';

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function linear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** sRGB → CIE L*a*b* (D65). */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), written from the paper's equations. */
function deltaE2000([l1, a1, b1]: [number, number, number], [l2, a2, b2]: [number, number, number]): number {
  const cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const g = 0.5 * (1 - Math.sqrt(cBar ** 7 / (cBar ** 7 + 25 ** 7)));
  const [a1p, a2p] = [(1 + g) * a1, (1 + g) * a2];
  const [c1p, c2p] = [Math.hypot(a1p, b1), Math.hypot(a2p, b2)];
  const hue = (b: number, a: number) => (b === 0 && a === 0 ? 0 : (deg(Math.atan2(b, a)) + 360) % 360);
  const [h1p, h2p] = [hue(b1, a1p), hue(b2, a2p)];
  let dh = h2p - h1p;
  if (c1p * c2p === 0) dh = 0;
  else if (dh > 180) dh -= 360;
  else if (dh < -180) dh += 360;
  const dL = l2 - l1;
  const dC = c2p - c1p;
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin(rad(dh / 2));
  const lBar = (l1 + l2) / 2;
  const cBarP = (c1p + c2p) / 2;
  let hBar = h1p + h2p;
  if (c1p * c2p !== 0) hBar = Math.abs(h1p - h2p) <= 180 ? (h1p + h2p) / 2 : h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  const t = 1 - 0.17 * Math.cos(rad(hBar - 30)) + 0.24 * Math.cos(rad(2 * hBar)) + 0.32 * Math.cos(rad(3 * hBar + 6)) - 0.2 * Math.cos(rad(4 * hBar - 63));
  const dTheta = 30 * Math.exp(-(((hBar - 275) / 25) ** 2));
  const rC = 2 * Math.sqrt(cBarP ** 7 / (cBarP ** 7 + 25 ** 7));
  const sL = 1 + (0.015 * (lBar - 50) ** 2) / Math.sqrt(20 + (lBar - 50) ** 2);
  const sC = 1 + 0.045 * cBarP;
  const sH = 1 + 0.015 * cBarP * t;
  const rT = -Math.sin(rad(2 * dTheta)) * rC;
  return Math.sqrt((dL / sL) ** 2 + (dC / sC) ** 2 + (dH / sH) ** 2 + rT * (dC / sC) * (dH / sH));
}

const types = defaultTaxonomy.playTypes;

describe('the default play-type colours', () => {
  it('the colour difference is right on the published test pairs', () => {
    // Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17 and 25.
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
    expect(deltaE2000([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 3);
    expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 3);
    expect(deltaE2000([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387])).toBeCloseTo(1.2644, 3);
  });

  it('are 11, every pair clearly apart (ΔE2000 ≥ 20; the pairs analysts confused were 17 and 24)', () => {
    expect(types).toHaveLength(11);
    const close: string[] = [];
    for (const [i, a] of types.entries()) {
      for (const b of types.slice(i + 1)) {
        const difference = deltaE2000(lab(a.color), lab(b.color));
        if (difference < 20) close.push(`${a.name} / ${b.name}: ${difference.toFixed(1)}`);
      }
    }
    expect(close).toEqual([]);
  });

  it('stand out from the dark panels (contrast ≥ 4.5:1), so a swatch or a bar is never lost', () => {
    const dim = types.filter((type) => contrast(type.color, PANEL) < 4.5).map((type) => `${type.name}: ${contrast(type.color, PANEL).toFixed(2)}`);
    expect(dim).toEqual([]);
  });

  it('tell apart the pairs a new analyst confused: Transition and Miscellaneous, the two Pick & Roll types (ΔE2000 ≥ 40)', () => {
    const colour = (id: string) => lab(types.find((type) => type.id === id)!.color);
    const pairs = [['Transition', 'Misc'], ['PRBallHandler', 'PRRollman']] as const;
    const differences = pairs.map(([a, b]) => deltaE2000(colour(a), colour(b)));
    console.log(`ΔE2000: Transition/Miscellaneous ${differences[0]!.toFixed(1)}, Pick & Roll ball handler/roll man ${differences[1]!.toFixed(1)}`);
    for (const difference of differences) expect(difference).toBeGreaterThanOrEqual(40);
  });

  it('carry dark text at ≥ 4.5:1 and stand out from the timeline track at ≥ 3:1, at any confidence (bars are never faded)', () => {
    const weak = types.flatMap((type) => {
      const text = contrast(type.color, DARK_TEXT);
      const track = contrast(type.color, TRACK);
      return text < 4.5 || track < 3 ? [`${type.name}: text ${text.toFixed(2)}, track ${track.toFixed(2)}`] : [];
    });
    expect(weak).toEqual([]);
  });
});
