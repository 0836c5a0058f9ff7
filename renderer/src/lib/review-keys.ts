/**
 * Review's keyboard, as a pure mapping from a key press to what it does, so the whole table is
 * unit-tested and the view only carries the commands out.
 */

/**
 * The keys that relabel the current play in Review, in taxonomy order: 1–9 for the first nine play
 * types, then 0 and − (the keys after 9 on a keyboard's number row) for the tenth and eleventh.
 */
export const RELABEL_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '−'];

/** The key for the play type at this position (0-based), or undefined past the last key. */
export function relabelKey(index: number): string | undefined {
  return Number.isInteger(index) && index >= 0 ? RELABEL_KEYS[index] : undefined;
}

export type ReviewCommand =
  | { kind: 'togglePlay' }
  /** J, K, L as in every editing suite: shuttle back, stop, shuttle forward. */
  | { kind: 'shuttle'; key: 'j' | 'k' | 'l' }
  | { kind: 'step'; frames: -1 | 1 }
  | { kind: 'nextPlay' }
  | { kind: 'previousPlay' }
  /**
   * A play type by its position (0-based) in the taxonomy: the type of a span marked with I and O
   * when one waits for it, else the current play's new label.
   */
  | { kind: 'relabel'; index: number }
  /** The code bar's button for this play type (Shift + its key): starts a play, or ends the open one. */
  | { kind: 'codeButton'; index: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'toggleLoop' }
  /** One step down (-1) or up (1) the playback speeds (review-playback's PLAYBACK_SPEEDS). */
  | { kind: 'speed'; step: -1 | 1 }
  | { kind: 'toggleMute' }
  /** Theatre mode: the film takes the content's whole width, the side panels go under it. */
  | { kind: 'toggleTheatre' }
  | { kind: 'toggleFullscreen' }
  | { kind: 'markIn' }
  | { kind: 'markOut' }
  /** Drops a mark, a marked span waiting for its type, or a code bar play not yet ended. */
  | { kind: 'cancelCoding' }
  /**
   * Moves the edge of the current play nearest the playhead (its start or its end) by this many
   * frames or seconds; the playhead follows the edge so the analyst sees the frame it now falls on.
   */
  | { kind: 'nudgeEdge'; direction: -1 | 1; unit: 'frame' | 'second' }
  | { kind: 'splitPlay' }
  | { kind: 'deletePlay' }
  | { kind: 'mergeNext' }
  /** Puts the keyboard in the current play's details (team, period, clock, player, tags). */
  | { kind: 'editDetails' }
  /** The timeline's zoom, around the playhead: in (1) or out (-1) a step. */
  | { kind: 'zoom'; direction: 1 | -1 }
  /** The timeline shows the current play with a margin, so its edges can be dragged to the frame. */
  | { kind: 'zoomToPlay' }
  | { kind: 'zoomWhole' };

/** What a key event carries that the mapping reads (a KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code?: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

/** The position of a type key on the number row (1–9, 0, minus), read by physical key so Shift does not change it. */
function typeKeyIndex(press: KeyPress, key: string): number {
  if (press.code === 'Minus' || press.code === 'NumpadSubtract' || key === '-' || key === '−') return 10;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(press.code ?? '')?.[1] ?? (/^\d$/.test(key) ? key : undefined);
  return digit === undefined ? -1 : RELABEL_KEYS.indexOf(digit);
}

/**
 * The command for a key press, or undefined when Review does not handle it (so the browser, the
 * view shortcuts with Alt/Ctrl, and typing in a field keep working).
 */
export function reviewCommand(press: KeyPress): ReviewCommand | undefined {
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  // Undo and redo as everywhere: Ctrl+Z (Cmd+Z), Ctrl+Shift+Z and Ctrl+Y. No other Ctrl key is Review's.
  if ((press.ctrlKey || press.metaKey) && !press.altKey) {
    if (key === 'z') return press.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y' && !press.shiftKey) return { kind: 'redo' };
    return undefined;
  }
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  // Shift only changes what a key types (a letter's case, < and >) or asks for more (brackets: a second;
  // the number row: the code bar). Shift with Space, a named key or a keypad digit is no key of Review's,
  // so it is not taken by surprise.
  if (press.shiftKey && (key.length !== 1 || key === ' ' || (/^\d$/.test(key) && press.code?.startsWith('Numpad')))) return undefined;
  // The brackets by physical key: with Shift they type { and } on many layouts.
  if (press.code === 'BracketLeft' || key === '[' || key === '{') return { kind: 'nudgeEdge', direction: -1, unit: press.shiftKey || key === '{' ? 'second' : 'frame' };
  if (press.code === 'BracketRight' || key === ']' || key === '}') return { kind: 'nudgeEdge', direction: 1, unit: press.shiftKey || key === '}' ? 'second' : 'frame' };
  const typeIndex = typeKeyIndex(press, key);
  if (typeIndex >= 0) return press.shiftKey ? { kind: 'codeButton', index: typeIndex } : { kind: 'relabel', index: typeIndex };
  switch (key) {
    case ' ':
      return { kind: 'togglePlay' };
    case 'j':
    case 'k':
    case 'l':
      return { kind: 'shuttle', key };
    case 'ArrowLeft':
      return { kind: 'step', frames: -1 };
    case 'ArrowRight':
      return { kind: 'step', frames: 1 };
    case 'n':
      return { kind: 'nextPlay' };
    case 'p':
      return { kind: 'previousPlay' };
    case 'u':
      return { kind: 'undo' };
    case 'r':
      return { kind: 'toggleLoop' };
    // What Shift+, and Shift+. type on most layouts, as in video players: slower, faster.
    case '<':
      return { kind: 'speed', step: -1 };
    case '>':
      return { kind: 'speed', step: 1 };
    // M mutes, as in every video player; merging, which changes the library, takes Shift.
    case 'm':
      return press.shiftKey ? { kind: 'mergeNext' } : { kind: 'toggleMute' };
    case 't':
      return { kind: 'toggleTheatre' };
    case 'f':
      return { kind: 'toggleFullscreen' };
    case 'i':
      return { kind: 'markIn' };
    case 'o':
      return { kind: 'markOut' };
    case 'Escape':
      return { kind: 'cancelCoding' };
    case 's':
      return { kind: 'splitPlay' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'deletePlay' };
    case 'e':
      return { kind: 'editDetails' };
    // Z zooms the timeline in, Shift+Z out; X fits it to the play, Shift+X to the whole game.
    case 'z':
      return { kind: 'zoom', direction: press.shiftKey ? -1 : 1 };
    case 'x':
      return press.shiftKey ? { kind: 'zoomWhole' } : { kind: 'zoomToPlay' };
  }
  return undefined;
}

/** One line of the shortcut sheet and the legend under the timeline. */
export interface KeyHelp {
  /** The keys as printed (lib/shortcuts.ts reads them back into key presses for the tests). */
  keys: readonly string[];
  does: string;
  group: 'Playback' | 'Labels' | 'Coding' | 'Timeline';
}

/**
 * Every key of Review, in words: the legend and the shortcut sheet are drawn from this list, and a
 * unit test presses every key on the keyboard to check that it and reviewCommand agree.
 */
export const REVIEW_KEY_HELP: readonly KeyHelp[] = [
  { group: 'Playback', keys: ['Space'], does: 'play/pause' },
  { group: 'Playback', keys: ['J', 'K', 'L'], does: 'back · stop · forward (again: faster)' },
  { group: 'Playback', keys: ['←', '→'], does: 'one frame' },
  { group: 'Playback', keys: ['N', 'P'], does: 'next/previous play' },
  { group: 'Playback', keys: ['R'], does: 'loop play' },
  { group: 'Playback', keys: ['<', '>'], does: 'slower · faster (0.25× to 2×)' },
  { group: 'Playback', keys: ['M'], does: 'sound off/on' },
  { group: 'Playback', keys: ['T'], does: 'theatre mode: the film the full width (Esc leaves)' },
  { group: 'Playback', keys: ['F'], does: 'full screen (Esc leaves)' },
  { group: 'Labels', keys: ['1–9', '0', '−'], does: 'set the play type (or the type of a marked span)' },
  { group: 'Coding', keys: ['I', 'O'], does: 'mark in · mark out, then a type key makes the play' },
  { group: 'Coding', keys: ['Shift+1–9', 'Shift+0', 'Shift+−'], does: 'code bar: start a play of that type, again to end it' },
  { group: 'Coding', keys: ['Esc'], does: 'drop the marks (else leave theatre or full screen)' },
  { group: 'Coding', keys: ['[', ']', 'Shift+[', 'Shift+]'], does: 'move the nearer edge a frame earlier · later (Shift: a second)' },
  { group: 'Coding', keys: ['S'], does: 'split at the playhead' },
  { group: 'Coding', keys: ['Shift+M'], does: 'merge with the next play' },
  { group: 'Coding', keys: ['Del', 'Backspace'], does: 'delete the play' },
  { group: 'Coding', keys: ['E'], does: 'edit team, period, clock, player, tags' },
  { group: 'Coding', keys: ['Ctrl+Z', 'Cmd+Z', 'U'], does: 'undo' },
  { group: 'Coding', keys: ['Ctrl+Shift+Z', 'Cmd+Shift+Z', 'Ctrl+Y', 'Cmd+Y'], does: 'redo' },
  { group: 'Timeline', keys: ['Z', 'Shift+Z'], does: 'zoom the timeline in · out around the playhead (also Ctrl+wheel)' },
  { group: 'Timeline', keys: ['X'], does: 'zoom the timeline to the play' },
  { group: 'Timeline', keys: ['Shift+X'], does: 'the whole game on the timeline' },
];

/** What isTypingTarget reads of an event's target (an element has all of it). */
interface TargetLike {
  tagName?: unknown;
  type?: unknown;
  isContentEditable?: unknown;
}

/** Elements where keys type text or choose options: Review's keys must leave them alone. */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as TargetLike;
  if (typeof element.tagName !== 'string') return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || element.isContentEditable === true) return true;
  if (tag !== 'input') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range'].includes(String(element.type));
}
