/**
 * Keys pressed while a dialog is open belong to it. Every window-level key handler (Review's,
 * the playlist player's, the view shortcuts, …) asks this first: a window listener runs whatever
 * the dialog does with the key (a capture-phase one even before it), and a key acting on the page
 * behind a modal dialog acts where the analyst cannot see (Backspace on a checkbox deleting a play).
 */
export function isDialogKey(event: { target: EventTarget | null }): boolean {
  const target = event.target as { closest?: (selector: string) => unknown } | null;
  if (target && typeof target.closest === 'function' && target.closest('dialog[open]')) return true;
  // A modal dialog (the shortcut sheet among them) makes the rest of the page inert, whichever
  // element the event names.
  return typeof document !== 'undefined' && document.querySelector('dialog[open]') !== null;
}
