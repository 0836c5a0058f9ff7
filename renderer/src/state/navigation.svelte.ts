import { isViewId, viewForShortcut, type ViewId } from '../lib/views.js';
import { isDialogKey } from '../lib/dialog-keys.js';

export interface ReviewTarget {
  gameId: number;
  playId: number;
  /** The run whose predictions to show beside the labels; default the newest finished run. */
  runId?: number;
}

export interface FeaturesTarget {
  gameId: number;
  playId: number;
  /** The clip frame to show first; default the one Features shows now. */
  frame?: number;
}

/**
 * The current view, mirrored in the address's #fragment so a reload stays on the same page and
 * the browser's back button walks back through views.
 */
export class Navigation {
  #current = $state.raw<ViewId>(viewFromHash() ?? 'library');
  #reviewTarget = $state.raw<ReviewTarget | null>(null);
  #featuresTarget = $state.raw<FeaturesTarget | null>(null);

  /** The play another view asked Review to open (Evaluation's matrix, a report row); Review clears it once shown. */
  get reviewTarget(): ReviewTarget | null {
    return this.#reviewTarget;
  }

  openInReview(target: ReviewTarget): void {
    this.#reviewTarget = target;
    this.go('review');
  }

  clearReviewTarget(): void {
    this.#reviewTarget = null;
  }

  /** The play another view asked Features to show; Features clears it once taken. */
  get featuresTarget(): FeaturesTarget | null {
    return this.#featuresTarget;
  }

  openInFeatures(target: FeaturesTarget): void {
    this.#featuresTarget = target;
    this.go('features');
  }

  clearFeaturesTarget(): void {
    this.#featuresTarget = null;
  }

  get current(): ViewId {
    return this.#current;
  }

  go(view: ViewId): void {
    if (view === this.#current) return;
    this.#current = view;
    if (location.hash !== `#${view}`) location.hash = view;
  }

  /** Follows back/forward and hand-edited addresses. Returns the stop function. */
  listen(): () => void {
    const onHashChange = () => {
      const view = viewFromHash();
      if (view) this.#current = view;
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }

  /** Handles Alt/Ctrl+1..7; true when the key was a view shortcut. */
  handleKey(event: KeyboardEvent): boolean {
    const view = viewForShortcut(event);
    if (!view || isDialogKey(event)) return false;
    event.preventDefault();
    this.go(view);
    return true;
  }
}

function viewFromHash(): ViewId | undefined {
  const id = location.hash.replace(/^#\/?/, '');
  return isViewId(id) ? id : undefined;
}
