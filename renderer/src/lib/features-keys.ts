/**
 * The Features view's keyboard: ← and → step through the clip's frames. A pure mapping, so the
 * shortcut sheet's words for it are checked against what the keys do.
 */

/** What a key event carries that the mapping reads (a KeyboardEvent has all of it). */
export interface FeaturesKeyPress {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

/** The frame step a key asks for, or undefined when Features does not handle it. */
export function featuresFrameStep(press: FeaturesKeyPress): -1 | 1 | undefined {
  if (press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return undefined;
  if (press.key === 'ArrowLeft') return -1;
  if (press.key === 'ArrowRight') return 1;
  return undefined;
}

export const FEATURES_KEY_HELP: readonly { keys: readonly string[]; does: string }[] = [{ keys: ['←', '→'], does: 'previous · next frame of the clip' }];
