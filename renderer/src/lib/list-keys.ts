import { listKeyTarget } from './list-navigation.js';

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
