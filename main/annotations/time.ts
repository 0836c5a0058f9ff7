/**
 * Times in annotation files: seconds (`12.5`) or a clock reading (`1:02.5`, `1:01:02.5`), as
 * spreadsheets and tagging tools write them. Pure string work, so it is tested by hand.
 */

// A sign is accepted so that "-1.5" is reported as a negative start, not as an unreadable time.
// A decimal comma is accepted too: `;`-separated files come from locales that write 12,5.
const SECONDS = /^([+-]?)(\d+)?(?:[.,](\d*))?$/;
const CLOCK = /^([+-]?)(?:(\d+):)?(\d+):(\d{1,2})(?:[.,](\d*))?$/;

/**
 * The time in seconds, or null when the value is not a time. Numbers (from JSON) pass through
 * when finite. The result is parsed from the decimal text in one go, so `1:02.1` is exactly 62.1
 * (adding 60 + 2.1 in floating point could be off in the last bit).
 */
export function parseTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.trim();
  const seconds = SECONDS.exec(text);
  if (seconds) {
    const [, sign, whole, fraction] = seconds;
    if (whole === undefined && !fraction) return null; // "", ".", "-" are not times
    return decimal(sign ?? '', BigInt(whole ?? '0'), fraction);
  }
  const clock = CLOCK.exec(text);
  if (!clock) return null;
  const [, sign, hours, minutes, secs, fraction] = clock;
  // With hours, minutes are a clock's 0–59; without, a long video may say 75:00.
  if (hours !== undefined && Number(minutes) >= 60) return null;
  if (Number(secs) >= 60) return null;
  const whole = BigInt(hours ?? '0') * 3600n + BigInt(minutes ?? '0') * 60n + BigInt(secs ?? '0');
  return decimal(sign ?? '', whole, fraction);
}

function decimal(sign: string, whole: bigint, fraction: string | undefined): number | null {
  const result = Number(`${sign === '-' ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
  return Number.isFinite(result) ? result : null;
}

/**
 * Seconds as writers put them: at most three decimals (milliseconds, finer than any frame), no
 * trailing zeros, never an exponent, never "-0".
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`a time must be a finite number of seconds, got ${seconds}`);
  const text = seconds.toFixed(3).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

const HUNDREDTHS_TIMECODE = /^(\d{1,3}):([0-5]\d):([0-5]\d)[:.](\d{2})$/;

/**
 * Sportscode's movie time `hh:mm:ss:hh`, whose last field is hundredths of a second (not a frame
 * number): `00:18:27:06` is 1107.06 s. Null when the text is not one.
 */
export function parseHundredthsTimecode(text: string): number | null {
  const match = HUNDREDTHS_TIMECODE.exec(text.trim());
  if (!match) return null;
  const [, hours, minutes, seconds, hundredths] = match;
  return Number(`${Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)}.${hundredths}`);
}
