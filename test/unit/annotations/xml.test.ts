import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml, XML_LIMITS, XmlError } from '../../../main/annotations/xml.js';

const errorOf = (text: string) => {
  try {
    parseXml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(XmlError);
    return (error as Error).message;
  }
  throw new Error('parsed without an error');
};

describe('the XML parser', () => {
  it('reads elements, attributes, text, entities, character references and CDATA; skips comments and PIs', () => {
    const root = parseXml([
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
      '<!-- a comment with <tags> & ampersands -->',
      `<file a="1" b='two &amp; &quot;three&quot;'>`,
      '  <x>&lt;&gt;&amp;&quot;&apos; &#65;&#x1F3C0;</x><?pi inside?>',
      '  <y><![CDATA[<not> & markup]]> and text</y>',
      '  <z/><z />',
      '</file>',
      '<!-- trailing comment -->',
    ].join('\r\n'));
    expect(root.name).toBe('file');
    expect(Object.fromEntries(root.attributes)).toEqual({ a: '1', b: 'two & "three"' });
    expect(root.children.map((c) => c.name)).toEqual(['x', 'y', 'z', 'z']);
    expect(root.children[0]!.text).toBe(`<>&"' A🏀`);
    expect(root.children[1]!.text).toBe('<not> & markup and text');
    expect(root.text).toBe('\n  \n  \n  \n'); // line ends normalised to \n
  });

  it('keeps a \\r written as &#13;, as XML says', () => {
    expect(parseXml('<a>x&#13;\r\ny</a>').text).toBe('x\r\ny');
  });

  it('refuses malformed documents, with the line', () => {
    const cases: [string, RegExp][] = [
      ['<a><b></a>', /^line 1: <\/a> closes <b>/],
      ['<a>\n<b>', /^line 2: <b> is never closed/],
      ['<a/><b/>', /a second root element <b>/],
      ['text<a/>', /text outside the root element/],
      ['<a>\n\nfish & chips</a>', /^line 3: a "&" that starts no entity reference/],
      ['<a>&constructor;</a>', /unknown entity &constructor;/],
      ['<a>&#0;</a>', /unknown entity &#0;/],
      ['<a>&#xD800;</a>', /unknown entity &#xD800;/],
      ['<a>&#x110000;</a>', /unknown entity &#x110000;/],
      ['<a b=1/>', /the value of b must be in quotes/],
      ['<a b="1" b="2"/>', /the attribute b appears twice/],
      ['<a b="<"/>', /"<" in the value of b/],
      ['<a b="1"c="2"/>', /expected an attribute/],
      ['<!ELEMENT a ANY><a/>', /a markup declaration/],
      ['', /no root element/],
      ['<!-- open', /a comment is never closed/],
      ['<a><![CDATA[x</a>', /a CDATA section is never closed/],
      ['< a/>', /expected an element name/],
      ['</a>', /<\/a> closes nothing/],
      [`<${'n'.repeat(300)}/>`, /a name longer than 256/],
      [`<a ${Array.from({ length: 65 }, (_, i) => `a${i}="1"`).join(' ')}/>`, /more than 64 attributes/],
    ];
    for (const [text, message] of cases) expect(errorOf(text), text.slice(0, 40)).toMatch(message);
  });

  it('allows 64 levels of nesting and refuses 65', () => {
    const nest = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);
    expect(() => parseXml(nest(XML_LIMITS.maxDepth))).not.toThrow();
    expect(errorOf(nest(XML_LIMITS.maxDepth + 1))).toMatch(/nested deeper than 64 levels/);
  });

  it('refuses more elements than its limit', () => {
    // Speed is not asserted here (a loaded CI machine would make it flaky): the limit itself is what
    // keeps a hostile file from costing more than one pass.
    expect(errorOf(`<r>${'<a/>'.repeat(XML_LIMITS.maxElements)}</r>`)).toBe(`line 1: more than ${XML_LIMITS.maxElements} elements`);
  });

  it('imports nothing, so no document can make it open a file or a URL', () => {
    const source = fs.readFileSync(new URL('../../../main/annotations/xml.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\b|\brequire\s*\(|\bimport\s*\(|\bfetch\s*\(/m);
  });
});
