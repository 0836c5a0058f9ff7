/**
 * The app-wide shortcut sheet (opened with ?), assembled from the key maps themselves: each view's
 * keys are described next to the function that maps them, and unit tests press every key on the
 * keyboard to check that the words and the mapping agree. Nothing here lists a key of its own
 * except the sheet's.
 */
import { FEATURES_KEY_HELP } from './features-keys.js';
import { IMPORT_KEY_HELP } from './import.js';
import { LIST_KEY_HELP } from './list-navigation.js';
import { MATRIX_KEY_HELP } from './evaluation-matrix.js';
import { REVIEW_KEY_HELP, type KeyPress } from './review-keys.js';
import { VIEWS, type ViewId } from './views.js';

export interface ShortcutLine {
  readonly keys: readonly string[];
  readonly does: string;
}

export interface ShortcutSection {
  readonly id: string;
  readonly title: string;
  /** The view these keys work in; none: everywhere. */
  readonly view?: ViewId;
  readonly lines: readonly ShortcutLine[];
}

/** The sheet's own keys. */
export const SHEET_KEY_HELP: readonly ShortcutLine[] = [
  { keys: ['?'], does: 'show or hide this list of shortcuts' },
  { keys: ['Esc'], does: 'close it' },
];

/** The keys that work in every view: the view shortcuts, from the views' own order. */
export function globalKeyHelp(): ShortcutLine[] {
  return [
    ...VIEWS.map((view, index) => ({ keys: [`Alt+${index + 1}`, `Ctrl+${index + 1}`], does: `go to ${view.label}` })),
    ...SHEET_KEY_HELP,
  ];
}

/** Every section of the sheet; the current view's first after the app-wide keys. */
export function shortcutSections(current?: ViewId): ShortcutSection[] {
  const reviewGroups = [...new Set(REVIEW_KEY_HELP.map((line) => line.group))];
  const byView: ShortcutSection[] = [
    ...reviewGroups.map((group) => ({
      id: `review-${group.toLowerCase()}`,
      title: `Review · ${group}`,
      view: 'review' as const,
      lines: REVIEW_KEY_HELP.filter((line) => line.group === group),
    })),
    { id: 'library', title: 'Library · season and game lists', view: 'library', lines: LIST_KEY_HELP },
    { id: 'features', title: 'Features', view: 'features', lines: FEATURES_KEY_HELP },
    { id: 'evaluation', title: 'Evaluation', view: 'evaluation', lines: MATRIX_KEY_HELP },
    { id: 'import', title: 'Import', view: 'import', lines: IMPORT_KEY_HELP },
  ];
  const here = byView.filter((section) => section.view === current);
  const elsewhere = byView.filter((section) => section.view !== current);
  return [{ id: 'everywhere', title: 'Everywhere', lines: globalKeyHelp() }, ...here, ...elsewhere];
}

/** A key press as the mappings read it: the one shape Review's keys read (review-keys.ts). */
export type PressLike = KeyPress;

/** ? opens and closes the sheet: Shift+/ on most layouts, so Shift is allowed; no other modifier. */
export function isShortcutSheetKey(press: PressLike): boolean {
  return press.key === '?' && !press.altKey && !press.ctrlKey && !press.metaKey;
}

/** Named keys as printed in the sheet, and the KeyboardEvent.key each stands for. */
const NAMED_KEYS: Readonly<Record<string, string>> = {
  Space: ' ',
  '←': 'ArrowLeft',
  '→': 'ArrowRight',
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  Esc: 'Escape',
  Del: 'Delete',
  Enter: 'Enter',
  Home: 'Home',
  End: 'End',
  '−': '-',
};

/** The US keyboard's punctuation keys: [physical key, unshifted, shifted]. */
const US_PUNCTUATION: readonly (readonly [string, string, string])[] = [
  ['Backquote', '`', '~'], ['Minus', '-', '_'], ['Equal', '=', '+'], ['BracketLeft', '[', '{'], ['BracketRight', ']', '}'],
  ['Backslash', '\\', '|'], ['Semicolon', ';', ':'], ['Quote', "'", '"'], ['Comma', ',', '<'], ['Period', '.', '>'], ['Slash', '/', '?'],
];
const US_SHIFTED_DIGITS = ')!@#$%^&*(';

/**
 * Every key press a US keyboard makes with these modifiers (Shift aside, which each key tries both
 * ways): letters, digits, punctuation and the named keys, each with its physical `code`. The tests
 * press all of them to find every key a mapping answers.
 */
export function usKeyboard(): PressLike[] {
  const presses: PressLike[] = [];
  for (const shiftKey of [false, true]) {
    for (let c = 0; c < 26; c++) {
      const letter = String.fromCharCode(97 + c);
      presses.push({ key: shiftKey ? letter.toUpperCase() : letter, code: `Key${letter.toUpperCase()}`, shiftKey });
    }
    for (let d = 0; d < 10; d++) {
      presses.push({ key: shiftKey ? US_SHIFTED_DIGITS[d]! : String(d), code: `Digit${d}`, shiftKey });
      presses.push({ key: String(d), code: `Numpad${d}`, shiftKey });
    }
    for (const [code, plain, shifted] of US_PUNCTUATION) presses.push({ key: shiftKey ? shifted : plain, code, shiftKey });
    presses.push({ key: '-', code: 'NumpadSubtract', shiftKey });
    for (const named of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Escape', 'Enter', 'Tab', 'Backspace', 'Delete', 'Home', 'End', 'PageUp', 'PageDown']) {
      presses.push({ key: named, code: named, shiftKey });
    }
    presses.push({ key: ' ', code: 'Space', shiftKey });
  }
  return presses;
}

/** The physical key of a character on a US keyboard, and whether Shift types it. */
function usCode(key: string): { code: string; shifted: boolean } | undefined {
  if (/^[a-z]$/.test(key)) return { code: `Key${key.toUpperCase()}`, shifted: false };
  if (/^\d$/.test(key)) return { code: `Digit${key}`, shifted: false };
  const digit = US_SHIFTED_DIGITS.indexOf(key);
  if (digit >= 0) return { code: `Digit${digit}`, shifted: true };
  for (const [code, plain, shifted] of US_PUNCTUATION) {
    if (key === plain) return { code, shifted: false };
    if (key === shifted) return { code, shifted: true };
  }
  const named = Object.values(NAMED_KEYS).includes(key) && key !== '-' ? (key === ' ' ? 'Space' : key) : undefined;
  return named ? { code: named, shifted: false } : undefined;
}

/**
 * The key presses a printed key stands for: "Ctrl+Z", "Shift+1–9" (a range: one press per digit),
 * "Space", "←", "J". Letters are the lower-case key without Shift, and each press carries its
 * physical key on a US keyboard, as a real KeyboardEvent would; the tests press every key the sheet names.
 */
export function pressesOf(label: string): PressLike[] {
  const parts = label.split('+');
  // A lone "+" or a key ending in "+" would split badly; the sheet prints none.
  const keyPart = parts.pop() ?? '';
  const modifiers = { altKey: parts.includes('Alt'), ctrlKey: parts.includes('Ctrl'), metaKey: parts.includes('Cmd'), shiftKey: parts.includes('Shift') };
  const range = /^(\d)–(\d)$/.exec(keyPart);
  const keys = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => String(Number(range[1]) + i)) : [NAMED_KEYS[keyPart] ?? (keyPart.length === 1 ? keyPart.toLowerCase() : keyPart)];
  return keys.map((key) => {
    const physical = usCode(key);
    const typed = modifiers.shiftKey && /^[a-z]$/.test(key) ? key.toUpperCase() : modifiers.shiftKey && /^\d$/.test(key) ? US_SHIFTED_DIGITS[Number(key)]! : key;
    return { key: typed, ...(physical ? { code: physical.code } : {}), ...modifiers, shiftKey: modifiers.shiftKey || (physical?.shifted ?? false) };
  });
}
