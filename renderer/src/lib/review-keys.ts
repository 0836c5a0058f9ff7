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
  | { kind: 'toggleLoop' };

/** What a key event carries that the mapping reads (a KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code?: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/**
 * The command for a key press, or undefined when Review does not handle it (so the browser, the
 * view shortcuts with Alt/Ctrl, and typing in a field keep working).
 */
export function reviewCommand(press: KeyPress): ReviewCommand | undefined {
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
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
  }
  // The number row and the keypad: '-' is what the minus key types; '−' is how the legend prints it.
  if (key === '-' || key === '−' || press.code === 'Minus' || press.code === 'NumpadSubtract') return { kind: 'relabel', index: 10 };
  const digit = RELABEL_KEYS.indexOf(key);
  if (digit >= 0) return { kind: 'relabel', index: digit };
  return undefined;
}

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
