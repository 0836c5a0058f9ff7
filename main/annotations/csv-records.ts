/**
 * RFC 4180 records: fields split on a delimiter, quoted fields may hold delimiters, doubled quotes
 * and line breaks. It never throws: a malformed record comes back with a `problem` so the reader
 * can report that row and go on.
 */

export type Delimiter = ',' | ';';

export interface CsvRecord {
  /**
   * 1-based record number, counting blank lines, with line breaks inside quotes not counted: the
   * line in a text editor when no field holds a line break, the row in a spreadsheet always.
   */
  row: number;
  fields: string[];
  problem?: string;
}

/**
 * `;` when the header line (the first non-blank one) has more semicolons than commas outside
 * quotes: spreadsheets in locales with a decimal comma save CSV that way.
 */
export function detectDelimiter(text: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted; // a doubled quote toggles twice: no change, as it should
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seen) break;
    } else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
    if (c !== '\n' && c !== '\r' && c !== ' ' && c !== '\t') seen = true;
  }
  return semicolons > commas ? ';' : ',';
}

/** Every record of the text (a final line break ends the last record; it does not start one). */
export function parseCsvRecords(text: string, delimiter: Delimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let row = 1;
  let fields: string[] = [];
  let problem: string | undefined;
  let i = 0;
  let started = false; // has the current record consumed anything (so EOF must close it)?

  const endRecord = () => {
    records.push(problem ? { row, fields, problem } : { row, fields });
    row++;
    fields = [];
    problem = undefined;
    started = false;
  };

  while (i < n) {
    // At the start of a field.
    started = true;
    let field = '';
    const quoted = text[i] === '"';
    if (quoted) {
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          field += text.slice(i);
          i = n;
          problem ??= 'a quoted field is never closed (its closing " is missing)';
          break;
        }
        field += text.slice(i, close);
        i = close + 1;
        if (text[i] !== '"') break;
        field += '"'; // "" inside quotes is one quote
        i++;
      }
    }
    // Unquoted text, or whatever follows a closing quote, up to the field's end.
    const start = i;
    while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
    if (i > start) {
      if (quoted) problem ??= 'text after the closing quote of a quoted field';
      field += text.slice(start, i);
    }
    fields.push(field);
    if (i >= n) break;
    if (text[i] === delimiter) {
      i++;
      if (i >= n) fields.push(''); // "a,b," ends with an empty field
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    endRecord();
  }
  if (started) endRecord();
  return records;
}
