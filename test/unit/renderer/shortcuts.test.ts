import { describe, expect, it } from 'vitest';
import { FEATURES_KEY_HELP, featuresFrameStep } from '../../../renderer/src/lib/features-keys.js';
import { MATRIX_KEY_HELP, matrixKeyAction } from '../../../renderer/src/lib/evaluation-matrix.js';
import { IMPORT_KEY_HELP, isImportCancelKey } from '../../../renderer/src/lib/import.js';
import { LIST_KEY_HELP, listKeyTarget } from '../../../renderer/src/lib/list-navigation.js';
import { REVIEW_KEY_HELP, reviewCommand } from '../../../renderer/src/lib/review-keys.js';
import { globalKeyHelp, isShortcutSheetKey, pressesOf, shortcutSections, usKeyboard, type PressLike, type ShortcutLine } from '../../../renderer/src/lib/shortcuts.js';
import { VIEWS, viewForShortcut } from '../../../renderer/src/lib/views.js';

/** Every press of a US keyboard, bare and with each modifier (Shift comes both ways from usKeyboard). */
function everyPress(): PressLike[] {
  const modifiers = [{}, { altKey: true }, { ctrlKey: true }, { metaKey: true }];
  return usKeyboard().flatMap((press) => modifiers.map((modifier) => ({ altKey: false, ctrlKey: false, metaKey: false, ...press, ...modifier })));
}

const sameModifiers = (a: PressLike, b: PressLike) =>
  !!a.altKey === !!b.altKey && !!a.ctrlKey === !!b.ctrlKey && !!a.metaKey === !!b.metaKey && !!a.shiftKey === !!b.shiftKey;
/**
 * A printed key names a press when it is the same key, or the same physical key, with the same
 * modifiers; a printed letter is its keycap, either case (Shift or Caps Lock).
 */
const names = (label: string, press: PressLike) =>
  pressesOf(label).some((named) => {
    if (/^[a-z]$/.test(named.key) && !named.shiftKey) return named.key === press.key.toLowerCase() && sameModifiers({ ...named, shiftKey: press.shiftKey }, press);
    return sameModifiers(named, press) && (named.key === press.key || (named.code !== undefined && named.code === press.code));
  });

/**
 * The sheet and a key map agree both ways: every key the words name does what `describe` says it
 * does (a defined outcome), and every key the map answers is named by some line.
 */
function expectAgreement<T>(lines: readonly ShortcutLine[], map: (press: PressLike) => T | undefined) {
  const unnamed: string[] = [];
  for (const press of everyPress()) {
    if (map(press) === undefined) continue;
    if (!lines.some((line) => line.keys.some((label) => names(label, press)))) unnamed.push(JSON.stringify(press));
  }
  expect(unnamed, 'keys that act but the sheet does not list').toEqual([]);
  const dead: string[] = [];
  for (const line of lines) {
    for (const label of line.keys) for (const press of pressesOf(label)) if (map(press) === undefined) dead.push(`${label} (${line.does})`);
  }
  expect(dead, 'keys the sheet lists that do nothing').toEqual([]);
}

describe('pressesOf reads printed keys back into key presses', () => {
  it('reads letters, named keys, ranges, shifted punctuation and modifiers', () => {
    expect(pressesOf('J')).toEqual([{ key: 'j', code: 'KeyJ', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false }]);
    expect(pressesOf('Space')[0]).toMatchObject({ key: ' ', code: 'Space' });
    expect(pressesOf('←')[0]).toMatchObject({ key: 'ArrowLeft' });
    expect(pressesOf('Esc')[0]).toMatchObject({ key: 'Escape' });
    expect(pressesOf('−')[0]).toMatchObject({ key: '-', code: 'Minus', shiftKey: false });
    expect(pressesOf('<')[0]).toMatchObject({ key: '<', code: 'Comma', shiftKey: true });
    expect(pressesOf('?')[0]).toMatchObject({ key: '?', code: 'Slash', shiftKey: true });
    expect(pressesOf('1–9').map((press) => press.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(pressesOf('Alt+3')[0]).toMatchObject({ key: '3', code: 'Digit3', altKey: true, ctrlKey: false });
    expect(pressesOf('Ctrl+Shift+Z')[0]).toMatchObject({ key: 'Z', code: 'KeyZ', ctrlKey: true, shiftKey: true });
    expect(pressesOf('Shift+2')[0]).toMatchObject({ key: '@', code: 'Digit2', shiftKey: true });
  });
});

describe('the shortcut sheet agrees with every key map', () => {
  it('Review: every key reviewCommand answers is listed, and every listed key answers', () => {
    expectAgreement(REVIEW_KEY_HELP, reviewCommand);
  });

  it('Review: each line does what it says (by command)', () => {
    const kinds = (label: string) => pressesOf(label).map((press) => reviewCommand(press)?.kind);
    expect(kinds('<')).toEqual(['speed']);
    expect(reviewCommand(pressesOf('<')[0]!)).toEqual({ kind: 'speed', step: -1 });
    expect(reviewCommand(pressesOf('>')[0]!)).toEqual({ kind: 'speed', step: 1 });
    expect(kinds('M')).toEqual(['toggleMute']);
    expect(kinds('T')).toEqual(['toggleTheatre']);
    expect(kinds('F')).toEqual(['toggleFullscreen']);
    expect(new Set(kinds('1–9'))).toEqual(new Set(['relabel']));
  });

  it('the view shortcuts: Alt or Ctrl with each view’s digit, from the views’ own order', () => {
    const goes = (press: PressLike) => viewForShortcut({ code: press.code ?? '', altKey: !!press.altKey, ctrlKey: !!press.ctrlKey, metaKey: !!press.metaKey, shiftKey: !!press.shiftKey });
    const viewLines = globalKeyHelp().filter((line) => line.does.startsWith('go to '));
    expectAgreement(viewLines, goes);
    for (const [index, view] of VIEWS.entries()) {
      const line = viewLines.find((candidate) => candidate.does === `go to ${view.label}`)!;
      for (const label of line.keys) for (const press of pressesOf(label)) expect(goes(press)).toBe(view.id);
      expect(line.keys).toEqual([`Alt+${index + 1}`, `Ctrl+${index + 1}`]);
    }
  });

  it('the sheet’s own key is ?, typed with or without Shift, never with Ctrl, Alt or Cmd', () => {
    expectAgreement(globalKeyHelp().filter((line) => line.keys.includes('?')), (press) => (isShortcutSheetKey(press) ? true : undefined));
    expect(isShortcutSheetKey({ key: '?', shiftKey: true })).toBe(true);
    expect(isShortcutSheetKey({ key: '/', shiftKey: false })).toBe(false);
    expect(isShortcutSheetKey({ key: '?', ctrlKey: true })).toBe(false);
  });

  it('lists, Features, Evaluation and Import', () => {
    expectAgreement(LIST_KEY_HELP, (press) => (press.altKey || press.ctrlKey || press.metaKey || press.shiftKey ? undefined : listKeyTarget(press.key, 3, 10)));
    expectAgreement(FEATURES_KEY_HELP, featuresFrameStep);
    expectAgreement(MATRIX_KEY_HELP, matrixKeyAction);
    expectAgreement(IMPORT_KEY_HELP, (press) => (isImportCancelKey(press) ? true : undefined));
  });

  it('the list keys move as a file browser does, staying inside the list', () => {
    expect(listKeyTarget('ArrowDown', 3, 10)).toBe(4);
    expect(listKeyTarget('ArrowDown', 9, 10)).toBe(9);
    expect(listKeyTarget('ArrowUp', 0, 10)).toBe(0);
    expect(listKeyTarget('Home', 5, 10)).toBe(0);
    expect(listKeyTarget('End', 5, 10)).toBe(9);
    expect(listKeyTarget('x', 5, 10)).toBeUndefined();
  });

  it('has a section for every view that has keys, the current view’s first after the app-wide keys', () => {
    const sections = shortcutSections('features');
    expect(sections[0]!.id).toBe('everywhere');
    expect(sections[1]!.id).toBe('features');
    expect(sections.map((section) => section.id)).toEqual(expect.arrayContaining(['review-playback', 'review-labels', 'library', 'evaluation', 'import']));
    const review = shortcutSections('review');
    expect(review.slice(1, 3).map((section) => section.view)).toEqual(['review', 'review']);
    // Every Review key is in the sheet, once.
    expect(review.filter((section) => section.view === 'review').flatMap((section) => section.lines)).toEqual([...REVIEW_KEY_HELP]);
  });
});
