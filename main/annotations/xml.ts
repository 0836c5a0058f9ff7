/**
 * A small, non-validating XML parser for untrusted files: elements, attributes, text and CDATA;
 * comments and processing instructions skipped. It takes a string and returns a tree, and imports
 * nothing: it cannot open a file or a URL, so no document can make it read or fetch anything.
 *
 * What makes XML dangerous is refused outright: any DOCTYPE (so no entity declarations, internal
 * or external: no billion laughs, no `SYSTEM "file:///etc/passwd"`), any entity but the five
 * predefined ones and character references. Size, depth, element count, names and attribute
 * values are bounded, and the work is one pass over the text, so a hostile file fails fast.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** The element's own text (CDATA included, children's text not), entities decoded. */
  text: string;
}

export const XML_LIMITS = {
  /** Characters of input; readers refuse larger files before reading them. */
  maxChars: 64 * 1024 * 1024,
  maxDepth: 64,
  /** A season's edit list is ~15 elements a play: a million is far more than any real one. */
  maxElements: 1_000_000,
  maxNameChars: 256,
  maxAttributeChars: 64 * 1024,
  maxAttributes: 64,
} as const;

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

// A Map, not an object: "&constructor;" must not find Object.prototype.constructor.
const PREDEFINED: ReadonlyMap<string, string> = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\u00B7\u00C0-\uFFFF-]*/y;
/** Shared by every element without attributes (most of them): one Map less each. */
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

export interface XmlOptions {
  /**
   * Called for each "&" that starts no entity reference at all ("P&G", "Q&A"), which is then read
   * as text. Sportscode writes such files (its manual says so); without this they are refused.
   * A reference-shaped "&name;" that is not one of the five is refused either way.
   */
  onBareAmpersand?: (line: number) => void;
}

export function parseXml(input: string, options: XmlOptions = {}): XmlElement {
  if (input.length > XML_LIMITS.maxChars) throw new XmlError(`the file is over ${XML_LIMITS.maxChars / 1024 / 1024} MiB`);
  // XML reads every line break as "\n" (a "\r" kept in the data is written &#13;).
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fail = (reason: string, at: number): never => {
    throw new XmlError(`line ${lineAt(text, at)}: ${reason}`);
  };
  const bare = options.onBareAmpersand ? (at: number) => options.onBareAmpersand!(lineAt(text, at)) : undefined;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let pos = 0;

  const addText = (raw: string, at: number) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.text += raw;
    else if (/[^ \t\n]/.test(raw)) fail('text outside the root element', at);
  };
  const skipPast = (close: string, from: number, what: string): number => {
    const end = text.indexOf(close, from);
    return end < 0 ? fail(`${what} is never closed`, from) : end + close.length;
  };
  const readName = (at: number, what: string): string => {
    NAME.lastIndex = at;
    const name = NAME.exec(text)?.[0];
    if (!name) return fail(`expected ${what} name`, at);
    if (name.length > XML_LIMITS.maxNameChars) fail(`a name longer than ${XML_LIMITS.maxNameChars} characters`, at);
    return name;
  };
  const skipSpace = (at: number): number => {
    let p = at;
    for (let c = text.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x09; c = text.charCodeAt(++p));
    return p;
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const end = lt < 0 ? text.length : lt;
    if (end > pos) addText(decodeEntities(text.slice(pos, end), (r, i) => fail(r, pos + i), bare && ((i) => bare(pos + i))), pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) pos = skipPast('-->', lt + 4, 'a comment');
    else if (text.startsWith('<?', lt)) pos = skipPast('?>', lt + 2, 'a processing instruction');
    else if (text.startsWith('<![CDATA[', lt)) {
      pos = skipPast(']]>', lt + 9, 'a CDATA section');
      if (!stack.length) fail('CDATA outside the root element', lt);
      addText(text.slice(lt + 9, pos - 3), lt);
    } else if (/^<!DOCTYPE/i.test(text.slice(lt, lt + 9))) {
      fail('a DOCTYPE declaration is refused: it can declare entities that expand without bound or read other files, and edit lists have none', lt);
    } else if (text.startsWith('<!', lt)) fail('a markup declaration ("<!") is refused', lt);
    else if (text.startsWith('</', lt)) {
      const name = readName(lt + 2, 'an end tag');
      const close = skipSpace(lt + 2 + name.length);
      if (text[close] !== '>') fail(`expected ">" to end </${name}`, close);
      const open = stack.pop();
      if (!open || open.name !== name) fail(open ? `</${name}> closes <${open.name}>` : `</${name}> closes nothing`, lt);
      pos = close + 1;
    } else {
      const name = readName(lt + 1, 'an element');
      if (root && !stack.length) fail(`a second root element <${name}>`, lt);
      if (stack.length >= XML_LIMITS.maxDepth) fail(`elements nested deeper than ${XML_LIMITS.maxDepth} levels`, lt);
      if (++elements > XML_LIMITS.maxElements) fail(`more than ${XML_LIMITS.maxElements} elements`, lt);
      let attributes = NO_ATTRIBUTES;
      pos = lt + 1 + name.length;
      for (;;) {
        const at = skipSpace(pos);
        if (text.startsWith('/>', at) || text[at] === '>') {
          pos = at;
          break;
        }
        if (at === pos) fail(`expected an attribute, ">" or "/>" in <${name}>`, at);
        if (attributes === NO_ATTRIBUTES) attributes = new Map();
        pos = readAttribute(at, attributes as Map<string, string>);
      }
      const element: XmlElement = { name, attributes, children: [], text: '' };
      stack[stack.length - 1]?.children.push(element);
      root ??= element;
      const selfClosing = text[pos] === '/';
      if (!selfClosing) stack.push(element);
      pos += selfClosing ? 2 : 1;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is never closed`, text.length);
  return root ?? fail('no root element', 0);

  function readAttribute(at: number, attributes: Map<string, string>): number {
    const name = readName(at, 'an attribute');
    let p = skipSpace(at + name.length);
    if (text[p] !== '=') fail(`expected "=" after the attribute ${name}`, p);
    p = skipSpace(p + 1);
    const quote = text[p];
    if (quote !== '"' && quote !== "'") return fail(`the value of ${name} must be in quotes`, p);
    // One scan to the closing quote; an over-long value is refused before it is copied or decoded.
    const close = text.indexOf(quote, p + 1);
    if (close < 0 || close - p - 1 > XML_LIMITS.maxAttributeChars) {
      fail(close < 0 ? `the value of ${name} is never closed` : `the value of ${name} is longer than ${XML_LIMITS.maxAttributeChars} characters`, p);
    }
    const raw = text.slice(p + 1, close);
    if (raw.includes('<')) fail(`"<" in the value of ${name}`, p);
    if (attributes.has(name)) fail(`the attribute ${name} appears twice`, at);
    if (attributes.size >= XML_LIMITS.maxAttributes) fail(`more than ${XML_LIMITS.maxAttributes} attributes`, at);
    attributes.set(name, decodeEntities(raw, (r, i) => fail(r, p + 1 + i), bare && ((i) => bare(p + 1 + i))));
    return close + 1;
  }
}

/** What an entity or character reference looks like: "&" name ";" or "&#" digits ";". */
const REFERENCE_SHAPE = /&(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9a-fA-F]+);/y;

/**
 * Replaces the five predefined entities and character references; anything else is an error,
 * except a bare "&" (one that starts nothing shaped like a reference) when `bare` is given: that
 * is kept as text and reported through `bare`. Decoding is one pass, so "&amp;amp;" is "&amp;".
 */
export function decodeEntities(raw: string, fail: (reason: string, offset: number) => never, bare?: (offset: number) => void): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) return out + raw.slice(i);
    out += raw.slice(i, amp);
    REFERENCE_SHAPE.lastIndex = amp;
    if (bare && !REFERENCE_SHAPE.test(raw)) {
      bare(amp);
      out += '&';
      i = amp + 1;
      continue;
    }
    const semi = raw.indexOf(';', amp);
    // The longest legal reference is &#x10FFFF; anything longer is not one.
    if (semi < 0 || semi - amp > 12) fail('a "&" that starts no entity reference (write &amp;)', amp);
    const name = raw.slice(amp + 1, semi);
    out += PREDEFINED.get(name) ?? characterReference(name) ?? fail(`unknown entity &${name}; (only &lt; &gt; &amp; &quot; &apos; and &#…; are read)`, amp);
    i = semi + 1;
  }
}

function characterReference(name: string): string | undefined {
  const match = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!match) return undefined;
  const code = match[1] !== undefined ? parseInt(match[1], 16) : Number(match[2]);
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

/** The characters XML 1.0 allows in a document. */
export function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
