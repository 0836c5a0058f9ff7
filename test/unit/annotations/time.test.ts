import { describe, expect, it } from 'vitest';
import { formatSeconds, parseTime } from '../../../main/annotations/index.js';

describe('parseTime', () => {
  it('reads seconds', () => {
    const cases: [string, number][] = [
      ['12.5', 12.5], ['0', 0], ['12', 12], [' 7.25 ', 7.25], ['.5', 0.5], ['12.', 12], ['12,5', 12.5], ['+3', 3], ['0012.50', 12.5],
    ];
    for (const [text, seconds] of cases) expect(parseTime(text), text).toBe(seconds);
  });

  it('reads m:ss.s and h:mm:ss.s, exactly (62.1, not 62.099999…)', () => {
    const cases: [string, number][] = [
      ['1:02.5', 62.5], ['0:59.9', 59.9], ['1:02.1', 62.1], ['1:2', 62], ['75:00', 4500], ['10:00.000', 600],
      ['1:01:02.5', 3662.5], ['0:00:00.001', 0.001], ['2:59:59', 10799], ['1:02,5', 62.5],
    ];
    for (const [text, seconds] of cases) expect(parseTime(text), text).toBe(seconds);
  });

  it('keeps the sign, so a negative start is reported as negative rather than unreadable', () => {
    expect(parseTime('-1.5')).toBe(-1.5);
    expect(parseTime('-0:01')).toBe(-1);
  });

  it('passes finite numbers through (JSON) and refuses the others', () => {
    expect(parseTime(3)).toBe(3);
    expect(parseTime(-2.25)).toBe(-2.25);
    expect(parseTime(Number.NaN)).toBeNull();
    expect(parseTime(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('refuses what is not a time', () => {
    const bad = ['', ' ', '.', '-', '+', 'abc', '1:60', '1:00:60', '1:60:00', '1e3', '0x10', 'Infinity', 'NaN', '1::2', '1:2:3:4', '12.5s', '1.2.3', '1:', ':30', '1:234', '1 2', '9'.repeat(400)];
    for (const text of bad) expect(parseTime(text), JSON.stringify(text)).toBeNull();
  });
});

describe('formatSeconds', () => {
  it('writes at most three decimals, no trailing zeros, no exponent, no -0', () => {
    const cases: [number, string][] = [
      [12.5, '12.5'], [12, '12'], [12.3456, '12.346'], [0.1 + 0.2, '0.3'], [62.1, '62.1'], [-0.0001, '0'], [1e-7, '0'], [3600.0005, '3600.001'], [0, '0'],
    ];
    for (const [seconds, text] of cases) expect(formatSeconds(seconds), String(seconds)).toBe(text);
  });

  it('refuses a time that is not a number, and reads back what it writes', () => {
    expect(() => formatSeconds(Number.NaN)).toThrow(/finite/);
    for (const seconds of [0.04, 12.345, 5999.999, 1234567.891]) expect(parseTime(formatSeconds(seconds))).toBe(seconds);
  });
});
