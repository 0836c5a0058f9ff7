import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAnnotationFile, readSportscodeXml, type ReadResult } from '../../../main/annotations/index.js';
import { suiteTempDir } from '../../helpers/temp.js';
import { resolve } from './resolve.js';

// Hostile edit lists: each must be refused as a whole, fast, with the file named and nothing read.
const instance = (code: string) => `<file><ALL_INSTANCES><instance><ID>1</ID><start>0</start><end>1</end><code>${code}</code></instance></ALL_INSTANCES></file>`;

const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 8 }, (_, i) => `  <!ENTITY lol${i + 2} "${`&lol${i === 0 ? '' : i + 1};`.repeat(10)}">`),
  ']>',
  instance('&lol9;'),
].join('\n');
const EXTERNAL_ENTITY = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n${instance('&e;')}`;
const hostile: [string, () => string, RegExp][] = [
  ['billion laughs', () => BILLION_LAUGHS, /^refused as XML: line 2: a DOCTYPE declaration is refused/],
  ['an external entity', () => EXTERNAL_ENTITY, /^refused as XML: line 2: a DOCTYPE declaration is refused/],
  ['100k levels of nesting', () => `<file>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</file>`, /^refused as XML: line 1: elements nested deeper than 64 levels/],
  ['a 50 MB attribute', () => `<file title="${'A'.repeat(50 * 1024 * 1024)}"><ALL_INSTANCES/></file>`, /^refused as XML: line 1: the value of title is longer than 65536 characters/],
  ['an unknown entity', () => instance('&lol9;'), /^refused as XML: line 1: unknown entity &lol9;/],
  ['billion laughs by parameter entity', () => '<!DOCTYPE x [<!ENTITY % p "x"> %p;]><file/>', /a DOCTYPE declaration is refused/],
  ['over 64 MiB of text', () => ' '.repeat(64 * 1024 * 1024 + 1), /^refused as XML: the file is over 64 MiB/],
];

function expectRefused(result: ReadResult, file: string, reason: RegExp | string) {
  expect(result.rows).toEqual([]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatchObject({ file, line: null });
  expect(result.errors[0]!.reason).toMatch(reason);
}

describe('hostile Sportscode XML', () => {
  for (const [name, make, reason] of hostile) {
    it(`refuses ${name}, naming the file`, () => {
      const text = make();
      const file = `/film/${name.replaceAll(' ', '-')}.xml`;
      const result = readSportscodeXml(file, text, resolve);
      expectRefused(result, file, reason);
    });
  }
});

describe('hostile files on disk', () => {
  const dir = suiteTempDir();
  afterEach(() => vi.restoreAllMocks());

  it('reads nothing but the file itself for an external entity, and shows none of /etc/passwd', async () => {
    const file = path.join(dir, 'xxe.xml');
    fs.writeFileSync(file, EXTERNAL_ENTITY);
    const readFile = vi.spyOn(fsPromises, 'readFile');
    const open = vi.spyOn(fsPromises, 'open');
    const result = await readAnnotationFile(file, resolve);
    expectRefused(result, file, /DOCTYPE declaration is refused/);
    expect(readFile.mock.calls.map((call) => call[0])).toEqual([file]);
    expect(open).not.toHaveBeenCalled();
    if (fs.existsSync('/etc/passwd')) expect(JSON.stringify(result)).not.toContain(fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]);
  });

  it('refuses a file over 64 MiB without reading a byte of it', async () => {
    const file = path.join(dir, 'huge.xml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 64 * 1024 * 1024 + 1); // sparse: costs no disk
    const readFile = vi.spyOn(fsPromises, 'readFile');
    const result = await readAnnotationFile(file, resolve);
    expectRefused(result, file, 'too large to be an annotation file: 67108865 bytes, over the 64 MiB limit');
    expect(readFile).not.toHaveBeenCalled();
  });
});
