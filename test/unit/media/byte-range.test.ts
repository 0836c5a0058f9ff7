import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../main/media/byte-range.js';

describe('parseByteRange, against a 1,000-byte file', () => {
  it.each([
    [undefined, { kind: 'whole' }],
    ['bytes=0-99', { kind: 'part', start: 0, end: 99 }],
    ['bytes=500-', { kind: 'part', start: 500, end: 999 }],
    ['bytes=900-5000', { kind: 'part', start: 900, end: 999 }], // clipped to the end
    ['bytes=-100', { kind: 'part', start: 900, end: 999 }], // the last 100
    ['bytes=-5000', { kind: 'part', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-10,20-30', { kind: 'whole' }], // several ranges: ignored
    ['bytes=50-10', { kind: 'whole' }], // invalid: ignored
    ['items=0-10', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
  ] as const)('%s → %o', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });
});
