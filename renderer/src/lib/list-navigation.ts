/**
 * The arithmetic of moving through a list with the keyboard (list-keys.ts does it to the page), and
 * those keys in words for the shortcut sheet. No DOM here, so both are unit-tested.
 */

/** The item a key moves to from `current` in a list of `count` items, or undefined for another key. */
export function listKeyTarget(key: string, current: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** The list keys in words, for the shortcut sheet (a unit test checks them against listKeyTarget). */
export const LIST_KEY_HELP: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ['↑', '↓'], does: 'previous · next season or game (selects it)' },
  { keys: ['Home', 'End'], does: 'first · last in the list' },
];
