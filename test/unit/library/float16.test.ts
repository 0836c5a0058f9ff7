import { describe, expect, it } from 'vitest';
import { decodeHalf, encodeHalf, halfBitsToNumber, toHalfBits } from '../../../main/system/float16.js';
import { createRng } from '../../../main/system/prng.js';

/**
 * The reference: every finite half value from the IEEE 754 definition written out by hand
 * (sign × 2^(e−15) × (1 + m/1024), subnormals m × 2^−24), sorted, and the nearest one found by
 * bisection with ties to the even mantissa. It shares no code with the converter.
 */
const finiteHalves = (() => {
  const values: { value: number; bits: number }[] = [];
  for (let bits = 0; bits < 0x7c00; bits++) {
    const e = bits >> 10;
    const m = bits & 1023;
    const magnitude = e === 0 ? m / 16777216 : Math.pow(2, e - 15) * (1 + m / 1024);
    values.push({ value: magnitude, bits });
  }
  return values; // increasing in magnitude, as the bit patterns are
})();

function naiveHalf(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65504) return sign | 0x7bff;
  let lo = 0;
  let hi = finiteHalves.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (finiteHalves[mid]!.value <= a) lo = mid;
    else hi = mid;
  }
  const below = finiteHalves[lo]!;
  const above = finiteHalves[hi]!;
  const dBelow = a - below.value;
  const dAbove = above.value - a;
  if (dBelow < dAbove) return sign | below.bits;
  if (dAbove < dBelow) return sign | above.bits;
  return sign | ((below.bits & 1) === 0 ? below.bits : above.bits);
}

describe('float16 conversion', () => {
  it('hand-worked values', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.5)).toBe(0x3800);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // a tie: to the even mantissa (down)
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // a tie: to the even mantissa (up)
    expect(toHalfBits(2 ** -26)).toBe(0); // under half the smallest subnormal
    expect(toHalfBits(1e6)).toBe(0x7bff); // saturates
    expect(toHalfBits(-Infinity)).toBe(0xfbff);
    expect(Number.isNaN(halfBitsToNumber(toHalfBits(Number.NaN)))).toBe(true);
    expect(halfBitsToNumber(0x3555)).toBeCloseTo(0.333251953125, 12);
  });

  it('rounds like the nearest half found by search, over random and edge values', () => {
    const rng = createRng(17);
    const inputs: number[] = [];
    for (let i = 0; i < 20000; i++) inputs.push(Math.fround((rng.next() - 0.5) * 2 ** Math.floor(rng.next() * 44 - 28)));
    for (const h of finiteHalves.filter((_, i) => i % 97 === 0)) inputs.push(h.value, Math.fround(h.value * (1 + 2 ** -12)), -h.value);
    for (const x of inputs) expect(toHalfBits(x), `${x}`).toBe(naiveHalf(x));
  });

  it('bytes round-trip: every half decodes to itself and encodes back to the same bits', () => {
    const bytes = new Uint8Array(finiteHalves.length * 2);
    finiteHalves.forEach((h, i) => {
      bytes[2 * i] = h.bits & 0xff;
      bytes[2 * i + 1] = h.bits >> 8;
    });
    const values = decodeHalf(bytes);
    finiteHalves.forEach((h, i) => expect(values[i]).toBe(h.value));
    expect(encodeHalf(values)).toEqual(bytes);
  });
});
