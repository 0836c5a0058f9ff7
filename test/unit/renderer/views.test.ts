import { describe, expect, it } from 'vitest';
import { isViewId, shortcutOf, viewForShortcut, VIEWS, type ShortcutKey } from '../../../renderer/src/lib/views.js';

function press(code: string, modifiers: Partial<Omit<ShortcutKey, 'code'>> = {}): ShortcutKey {
  return { code, altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, ...modifiers };
}

describe('the views and their shortcuts', () => {
  it('lists seven views with distinct ids, labels and summaries', () => {
    expect(VIEWS.map((view) => view.id)).toEqual(['library', 'review', 'training', 'features', 'evaluation', 'import', 'reports']);
    expect(new Set(VIEWS.map((view) => view.label)).size).toBe(VIEWS.length);
    for (const view of VIEWS) expect(view.summary.length).toBeGreaterThan(0);
  });

  it('knows its view ids and nothing else (the #fragment is user input)', () => {
    expect(isViewId('import')).toBe(true);
    expect(isViewId('Import')).toBe(false);
    expect(isViewId('')).toBe(false);
    expect(isViewId('toString')).toBe(false);
  });

  it('spells each shortcut for people and for ARIA from its position', () => {
    expect(shortcutOf('library')).toEqual({ label: 'Alt+1 or Ctrl+1', aria: 'Alt+1 Control+1' });
    expect(shortcutOf('import')).toEqual({ label: 'Alt+6 or Ctrl+6', aria: 'Alt+6 Control+6' });
  });

  it('maps Alt+digit and Ctrl+digit, on the number row or the keypad, to the view at that position', () => {
    expect(viewForShortcut(press('Digit1', { altKey: true }))).toBe('library');
    expect(viewForShortcut(press('Digit2', { ctrlKey: true }))).toBe('review');
    expect(viewForShortcut(press('Numpad6', { ctrlKey: true }))).toBe('import');
    expect(viewForShortcut(press('Digit7', { altKey: true }))).toBe('reports');
  });

  it('ignores digits past the last view, bare digits and other keys', () => {
    expect(viewForShortcut(press('Digit8', { altKey: true }))).toBeUndefined();
    expect(viewForShortcut(press('Digit0', { altKey: true }))).toBeUndefined();
    expect(viewForShortcut(press('Digit1'))).toBeUndefined();
    expect(viewForShortcut(press('KeyU', { altKey: true }))).toBeUndefined();
  });

  it('leaves Ctrl+Alt (AltGr on Windows), Shift and Meta combinations to the system', () => {
    expect(viewForShortcut(press('Digit1', { altKey: true, ctrlKey: true }))).toBeUndefined();
    expect(viewForShortcut(press('Digit1', { altKey: true, shiftKey: true }))).toBeUndefined();
    expect(viewForShortcut(press('Digit1', { ctrlKey: true, metaKey: true }))).toBeUndefined();
  });
});
