import { describe, expect, it } from 'vitest';
import { isTypingTarget, relabelKey, RELABEL_KEYS, REVIEW_KEY_HELP, reviewCommand } from '../../../renderer/src/lib/review-keys.js';

describe('Review relabel keys', () => {
  it('are 1–9, then 0 and − for the tenth and eleventh play types', () => {
    expect(RELABEL_KEYS).toHaveLength(11);
    expect(relabelKey(0)).toBe('1');
    expect(relabelKey(8)).toBe('9');
    expect(relabelKey(9)).toBe('0');
    expect(relabelKey(10)).toBe('−');
  });

  it('have no key past the eleventh type or for a nonsense position', () => {
    expect(relabelKey(11)).toBeUndefined();
    expect(relabelKey(-1)).toBeUndefined();
    expect(relabelKey(1.5)).toBeUndefined();
  });
});

describe('reviewCommand', () => {
  it('maps the editing-suite keys, upper or lower case', () => {
    expect(reviewCommand({ key: ' ' })).toEqual({ kind: 'togglePlay' });
    expect(reviewCommand({ key: 'J' })).toEqual({ kind: 'shuttle', key: 'j' });
    expect(reviewCommand({ key: 'k' })).toEqual({ kind: 'shuttle', key: 'k' });
    expect(reviewCommand({ key: 'l' })).toEqual({ kind: 'shuttle', key: 'l' });
    expect(reviewCommand({ key: 'ArrowLeft' })).toEqual({ kind: 'step', frames: -1 });
    expect(reviewCommand({ key: 'ArrowRight' })).toEqual({ kind: 'step', frames: 1 });
    expect(reviewCommand({ key: 'N' })).toEqual({ kind: 'nextPlay' });
    expect(reviewCommand({ key: 'p' })).toEqual({ kind: 'previousPlay' });
    expect(reviewCommand({ key: 'u' })).toEqual({ kind: 'undo' });
    // The loop moved from O to R: O marks out now.
    expect(reviewCommand({ key: 'r' })).toEqual({ kind: 'toggleLoop' });
    expect(reviewCommand({ key: 'R' })).toEqual({ kind: 'toggleLoop' });
  });

  it('relabels with 1–9, 0 and the minus key, from the number row or the keypad', () => {
    expect(reviewCommand({ key: '1' })).toEqual({ kind: 'relabel', index: 0 });
    expect(reviewCommand({ key: '9' })).toEqual({ kind: 'relabel', index: 8 });
    expect(reviewCommand({ key: '0' })).toEqual({ kind: 'relabel', index: 9 });
    expect(reviewCommand({ key: '-', code: 'Minus' })).toEqual({ kind: 'relabel', index: 10 });
    expect(reviewCommand({ key: '-', code: 'NumpadSubtract' })).toEqual({ kind: 'relabel', index: 10 });
    // A layout where the minus key types something else still relabels by its position.
    expect(reviewCommand({ key: 'ß', code: 'Minus' })).toEqual({ kind: 'relabel', index: 10 });
  });

  it('maps the player keys: < and > for speed, M for sound, T for theatre, F for full screen', () => {
    expect(reviewCommand({ key: '<', shiftKey: true })).toEqual({ kind: 'speed', step: -1 });
    expect(reviewCommand({ key: '>', shiftKey: true })).toEqual({ kind: 'speed', step: 1 });
    expect(reviewCommand({ key: 'm' })).toEqual({ kind: 'toggleMute' });
    expect(reviewCommand({ key: 'T' })).toEqual({ kind: 'toggleTheatre' });
    expect(reviewCommand({ key: 'f' })).toEqual({ kind: 'toggleFullscreen' });
    // Ctrl+F is the browser's find, Alt+T no key of Review's.
    expect(reviewCommand({ key: 'f', ctrlKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 't', altKey: true })).toBeUndefined();
  });

  it('takes Shift as a letter’s case (merge aside): Shift with Space, an arrow, Esc, Delete or a keypad digit is not Review’s', () => {
    expect(reviewCommand({ key: 'J', shiftKey: true })).toEqual({ kind: 'shuttle', key: 'j' });
    expect(reviewCommand({ key: ' ', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'ArrowLeft', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'Escape', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'Delete', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '1', code: 'Numpad1', shiftKey: true })).toBeUndefined();
  });

  it('leaves modified keys (view shortcuts, browser keys) and unknown keys alone', () => {
    expect(reviewCommand({ key: '1', altKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '2', ctrlKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'l', metaKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'q' })).toBeUndefined();
    expect(reviewCommand({ key: 'Enter' })).toBeUndefined();
    // Ctrl keys other than undo/redo are the browser's and the app's (Ctrl+1 is a view shortcut).
    expect(reviewCommand({ key: 'c', ctrlKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'z', ctrlKey: true, altKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '[', altKey: true, code: 'BracketLeft' })).toBeUndefined();
  });
});

describe('reviewCommand: coding keys', () => {
  it('marks in and out with I and O, and Esc drops the marks', () => {
    expect(reviewCommand({ key: 'i' })).toEqual({ kind: 'markIn' });
    expect(reviewCommand({ key: 'I' })).toEqual({ kind: 'markIn' });
    expect(reviewCommand({ key: 'o' })).toEqual({ kind: 'markOut' });
    expect(reviewCommand({ key: 'O' })).toEqual({ kind: 'markOut' });
    expect(reviewCommand({ key: 'Escape' })).toEqual({ kind: 'cancelCoding' });
  });

  it('undoes with Ctrl+Z or Cmd+Z (and U) and redoes with Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(reviewCommand({ key: 'z', ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(reviewCommand({ key: 'z', metaKey: true })).toEqual({ kind: 'undo' });
    expect(reviewCommand({ key: 'u' })).toEqual({ kind: 'undo' });
    // With Shift held the key arrives upper-case.
    expect(reviewCommand({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(reviewCommand({ key: 'Z', metaKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(reviewCommand({ key: 'y', ctrlKey: true })).toEqual({ kind: 'redo' });
    // Z without Ctrl or Cmd is the timeline's zoom, not undo.
    expect(reviewCommand({ key: 'z' })).toEqual({ kind: 'zoom', direction: 1 });
  });

  it('zooms the timeline with Z and Shift+Z, fits the play with X and the game with Shift+X', () => {
    expect(reviewCommand({ key: 'z', code: 'KeyZ' })).toEqual({ kind: 'zoom', direction: 1 });
    expect(reviewCommand({ key: 'Z', code: 'KeyZ', shiftKey: true })).toEqual({ kind: 'zoom', direction: -1 });
    expect(reviewCommand({ key: 'x', code: 'KeyX' })).toEqual({ kind: 'zoomToPlay' });
    expect(reviewCommand({ key: 'X', code: 'KeyX', shiftKey: true })).toEqual({ kind: 'zoomWhole' });
    expect(reviewCommand({ key: 'x', code: 'KeyX', altKey: true })).toBeUndefined();
  });

  it('presses the code bar with Shift and a type key, read by physical key whatever Shift types', () => {
    expect(reviewCommand({ key: '!', code: 'Digit1', shiftKey: true })).toEqual({ kind: 'codeButton', index: 0 });
    expect(reviewCommand({ key: '(', code: 'Digit9', shiftKey: true })).toEqual({ kind: 'codeButton', index: 8 });
    expect(reviewCommand({ key: ')', code: 'Digit0', shiftKey: true })).toEqual({ kind: 'codeButton', index: 9 });
    expect(reviewCommand({ key: '_', code: 'Minus', shiftKey: true })).toEqual({ kind: 'codeButton', index: 10 });
    // A keypad digit with Shift is no key of Review's (with Num Lock, Shift turns it into a navigation key).
    expect(reviewCommand({ key: '3', code: 'Numpad3', shiftKey: true })).toBeUndefined();
    // The same keys without Shift still relabel (or type a marked span).
    expect(reviewCommand({ key: '1', code: 'Digit1' })).toEqual({ kind: 'relabel', index: 0 });
  });

  it('nudges the nearer edge with [ and ]: a frame, or a second with Shift ({ and } on many layouts)', () => {
    expect(reviewCommand({ key: '[', code: 'BracketLeft' })).toEqual({ kind: 'nudgeEdge', direction: -1, unit: 'frame' });
    expect(reviewCommand({ key: ']', code: 'BracketRight' })).toEqual({ kind: 'nudgeEdge', direction: 1, unit: 'frame' });
    expect(reviewCommand({ key: '{', code: 'BracketLeft', shiftKey: true })).toEqual({ kind: 'nudgeEdge', direction: -1, unit: 'second' });
    expect(reviewCommand({ key: '}', code: 'BracketRight', shiftKey: true })).toEqual({ kind: 'nudgeEdge', direction: 1, unit: 'second' });
    // A layout where the bracket key types another character: the physical key still counts.
    expect(reviewCommand({ key: 'ü', code: 'BracketLeft' })).toEqual({ kind: 'nudgeEdge', direction: -1, unit: 'frame' });
    expect(reviewCommand({ key: '[' })).toEqual({ kind: 'nudgeEdge', direction: -1, unit: 'frame' });
  });

  it('splits with S, merges with Shift+M (M alone mutes), deletes with Delete or Backspace, edits details with E', () => {
    expect(reviewCommand({ key: 's' })).toEqual({ kind: 'splitPlay' });
    expect(reviewCommand({ key: 'M', code: 'KeyM', shiftKey: true })).toEqual({ kind: 'mergeNext' });
    expect(reviewCommand({ key: 'm' })).toEqual({ kind: 'toggleMute' });
    expect(reviewCommand({ key: 'Delete' })).toEqual({ kind: 'deletePlay' });
    expect(reviewCommand({ key: 'Backspace' })).toEqual({ kind: 'deletePlay' });
    expect(reviewCommand({ key: 'e' })).toEqual({ kind: 'editDetails' });
  });

  it('describes every key it maps, and no key twice', () => {
    const described = REVIEW_KEY_HELP.flatMap((entry) => entry.keys);
    for (const key of ['Space', 'J', 'K', 'L', '←', '→', 'N', 'P', 'R', 'I', 'O', 'Esc', '[', ']', 'S', 'Shift+M', 'M', 'Del', 'E', 'Ctrl+Z', 'U', 'Ctrl+Shift+Z', 'Ctrl+Y']) {
      expect(described).toContain(key);
    }
    expect(new Set(described).size).toBe(described.length);
    for (const entry of REVIEW_KEY_HELP) expect(entry.does.length).toBeGreaterThan(3);
  });
});

describe('isTypingTarget', () => {
  it('is true for text fields and selects, false for buttons, checkboxes and the page', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY', isContentEditable: false })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
