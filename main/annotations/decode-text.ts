/**
 * The text of an annotation file, from its bytes, in the encodings the tagging tools really write:
 * Sportscode and StudioCode save their XML edit lists as UTF-16 little-endian with a byte order
 * mark; spreadsheets save UTF-8 with or without one; a few tools write UTF-16 without a mark, or
 * declare another encoding in the XML declaration. Pure: bytes in, text (or why not) out.
 */

export type DecodedText =
  | { ok: true; text: string; encoding: string }
  | { ok: false; reason: string };

/** The bytes looked at to recognise UTF-16 without a byte order mark. */
const SNIFF_BYTES = 1024;

/**
 * The text without its byte order mark, or why the bytes are not text Film Room can read.
 * With `xml`, an XML declaration's `encoding` is honoured when no BOM or NUL pattern says otherwise.
 */
export function decodeAnnotationText(bytes: Uint8Array, options: { xml?: boolean } = {}): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.encoding);
  const utf16 = sniffUtf16(bytes);
  if (utf16) return decodeAs(bytes, utf16);
  if (options.xml) {
    const declared = declaredEncoding(bytes);
    if (declared && !/^utf-?8$/i.test(declared)) {
      // A declaration of UTF-16 without a BOM or NULs cannot be true: the bytes are 8-bit.
      if (/^(utf-?16|ucs-?2)/i.test(declared)) return decodeAs(bytes, 'utf-8');
      return decodeAs(bytes, declared);
    }
  }
  return decodeAs(bytes, 'utf-8');
}

function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM, told apart by its NULs: text that is mostly ASCII (every edit list's
 * markup, every CSV header) has a zero high byte in nearly every pair, on the odd bytes in
 * little-endian, the even ones in big-endian. UTF-8 text has no NUL at all. Only a clear pattern
 * counts: at least 8 pairs looked at, nine in ten with the NUL on one side and none on the other.
 */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const end = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  const pairs = end / 2;
  if (pairs < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] !== 0) evenZero++;
    else if (bytes[i + 1] === 0 && bytes[i] !== 0) oddZero++;
  }
  if (oddZero >= 0.9 * pairs && evenZero === 0) return 'utf-16le';
  if (evenZero >= 0.9 * pairs && oddZero === 0) return 'utf-16be';
  return null;
}

/** `encoding="…"` of an XML declaration at the very start of 8-bit text, if there is one. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declaration = /^\s*<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head);
  return declaration?.[1] ?? null;
}

function decodeAs(bytes: Uint8Array, encoding: string): DecodedText {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    return { ok: false, reason: `its declared encoding "${encoding}" is not one Film Room reads: save it as UTF-8 or UTF-16 and import it again` };
  }
  if (decoder.encoding.startsWith('utf-16') && bytes.length % 2 === 1) {
    return { ok: false, reason: `not ${label(decoder.encoding)} text: it has an odd number of bytes (the file may be cut short)` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    return {
      ok: false,
      reason: decoder.encoding === 'utf-8'
        ? 'not UTF-8 text: save it as UTF-8 or UTF-16 (with a byte order mark) and import it again'
        : `not ${label(decoder.encoding)} text, as it says it is: save it as UTF-8 and import it again`,
    };
  }
}

function label(encoding: string): string {
  return encoding.toUpperCase().replace(/^UTF-16(LE|BE)$/, 'UTF-16 $1');
}
