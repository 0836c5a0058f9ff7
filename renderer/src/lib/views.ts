/** The app's pages, in navigation order; the position gives the Alt/Ctrl+digit shortcut. */
export const VIEWS = [
  { id: 'library', label: 'Library', summary: 'Seasons, games and labelled plays' },
  { id: 'review', label: 'Review', summary: 'Watch film with its play timeline' },
  { id: 'training', label: 'Training', summary: 'Backbone, head, live curves' },
  { id: 'features', label: 'Features', summary: 'What each VGG16 block sees' },
  { id: 'evaluation', label: 'Evaluation', summary: 'Confusion matrix, per-class scores' },
  { id: 'import', label: 'Import', summary: 'Bring in a season of film' },
  { id: 'reports', label: 'Reports', summary: 'CSV exports for spreadsheets' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((view) => view.id === value);
}

/** Human and ARIA spellings of a view's shortcut, e.g. "Alt+1 or Ctrl+1" and "Alt+1 Control+1". */
export function shortcutOf(id: ViewId): { label: string; aria: string } {
  const digit = VIEWS.findIndex((view) => view.id === id) + 1;
  return { label: `Alt+${digit} or Ctrl+${digit}`, aria: `Alt+${digit} Control+${digit}` };
}

/** The parts of a key press a shortcut depends on (a KeyboardEvent has them all). */
export interface ShortcutKey {
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * The view an Alt+digit or Ctrl+digit press asks for, or undefined. `code` rather than `key`, so
 * that Option+1 on a Mac (which types "¡") still counts; Ctrl+Alt is AltGr on Windows and types text.
 */
export function viewForShortcut(event: ShortcutKey): ViewId | undefined {
  if (event.shiftKey || event.metaKey || event.altKey === event.ctrlKey) return undefined;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return undefined;
  return VIEWS[Number(match[1]) - 1]?.id;
}
