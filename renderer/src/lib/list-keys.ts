/**
 * Up/Down (and Home/End) in a list of selectable buttons move to the neighbouring item and select
 * it, as in a file browser: a long list of games is not walked with Tab.
 */
export function selectWithArrowKeys(event: KeyboardEvent): void {
  // Bound on each button (interactive elements own key handling); the list is its <ul>.
  const list = event.currentTarget instanceof HTMLElement ? event.currentTarget.closest('ul, ol') : null;
  if (!list || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const buttons = [...list.querySelectorAll<HTMLButtonElement>(':scope > li > button')];
  const current = buttons.findIndex((button) => button === document.activeElement);
  const next = listKeyTarget(event.key, current, buttons.length);
  const target = next === undefined ? undefined : buttons[next];
  if (!target || next === current) return;
  event.preventDefault();
  target.focus();
  target.click();
}

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
