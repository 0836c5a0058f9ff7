/**
 * The keys that relabel the current play in Review, in taxonomy order: 1–9 for the first nine play
 * types, then 0 and − (the keys after 9 on a keyboard's number row) for the tenth and eleventh.
 */
export const RELABEL_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '−'];

/** The key for the play type at this position (0-based), or undefined past the last key. */
export function relabelKey(index: number): string | undefined {
  return Number.isInteger(index) && index >= 0 ? RELABEL_KEYS[index] : undefined;
}
