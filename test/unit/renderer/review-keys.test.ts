import { describe, expect, it } from 'vitest';
import { isTypingTarget, relabelKey, RELABEL_KEYS, reviewCommand } from '../../../renderer/src/lib/review-keys.js';

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
    expect(reviewCommand({ key: 'o' })).toEqual({ kind: 'toggleLoop' });
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

  it('takes Shift as a letter’s case only: Shift with Space, an arrow, a digit or minus is not Review’s', () => {
    expect(reviewCommand({ key: 'J', shiftKey: true })).toEqual({ kind: 'shuttle', key: 'j' });
    expect(reviewCommand({ key: ' ', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'ArrowLeft', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '1', code: 'Numpad1', shiftKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '_', code: 'Minus', shiftKey: true })).toBeUndefined();
  });

  it('leaves modified keys (view shortcuts, browser keys) and unknown keys alone', () => {
    expect(reviewCommand({ key: '1', altKey: true })).toBeUndefined();
    expect(reviewCommand({ key: '2', ctrlKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'l', metaKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'x' })).toBeUndefined();
    expect(reviewCommand({ key: 'Enter' })).toBeUndefined();
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
