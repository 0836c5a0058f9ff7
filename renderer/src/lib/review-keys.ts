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
  /** Set the current play's type to the taxonomy's play type at this position (0-based). */
  | { kind: 'relabel'; index: number }
  | { kind: 'undo' }
  | { kind: 'toggleLoop' }
  /** One step down (-1) or up (1) the playback speeds (review-playback's PLAYBACK_SPEEDS). */
  | { kind: 'speed'; step: -1 | 1 }
  | { kind: 'toggleMute' }
  /** Theatre mode: the film takes the content's whole width, the side panels go under it. */
  | { kind: 'toggleTheatre' }
  | { kind: 'toggleFullscreen' };

/** What a key event carries that the mapping reads (a KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code?: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

/**
 * The command for a key press, or undefined when Review does not handle it (so the browser, the
 * view shortcuts with Alt/Ctrl, and typing in a field keep working).
 */
export function reviewCommand(press: KeyPress): ReviewCommand | undefined {
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  // Shift only changes what a key types (a letter's case, < and >): Shift with Space, an arrow or a
  // digit is no key of Review's, so it is not taken by surprise.
  if (press.shiftKey && (key.length !== 1 || key === ' ' || /\d/.test(key))) return undefined;
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
    case 'o':
      return { kind: 'toggleLoop' };
    // What Shift+, and Shift+. type on most layouts, as in video players: slower, faster.
    case '<':
      return { kind: 'speed', step: -1 };
    case '>':
      return { kind: 'speed', step: 1 };
    case 'm':
      return { kind: 'toggleMute' };
    case 't':
      return { kind: 'toggleTheatre' };
    case 'f':
      return { kind: 'toggleFullscreen' };
  }
  // The number row and the keypad: '-' is what the minus key types; '−' is how the legend prints it.
  if (!press.shiftKey && (key === '-' || key === '−' || press.code === 'Minus' || press.code === 'NumpadSubtract')) return { kind: 'relabel', index: 10 };
  const digit = RELABEL_KEYS.indexOf(key);
  if (digit >= 0) return { kind: 'relabel', index: digit };
  return undefined;
}

/** One line of the shortcut sheet and the legend under the timeline. */
export interface KeyHelp {
  /** The keys as printed (lib/shortcuts.ts reads them back into key presses for the tests). */
  keys: readonly string[];
  does: string;
  group: 'Playback' | 'Labels';
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
  { group: 'Playback', keys: ['O'], does: 'loop play' },
  { group: 'Playback', keys: ['<', '>'], does: 'slower · faster (0.25× to 2×)' },
  { group: 'Playback', keys: ['M'], does: 'sound off/on' },
  { group: 'Playback', keys: ['T'], does: 'theatre mode: the film the full width (Esc leaves)' },
  { group: 'Playback', keys: ['F'], does: 'full screen (Esc leaves)' },
  { group: 'Labels', keys: ['1–9', '0', '−'], does: 'set the play type (the legend’s order)' },
  { group: 'Labels', keys: ['U'], does: 'undo label' },
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
