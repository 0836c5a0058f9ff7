import type { CodingResult } from '../../../shared/api/coding.js';
import type { Play } from '../../../shared/api/library.js';
import { ValidationError } from '../../../shared/errors.js';
import { codeWindowSpan, frameStart, markedSpan, nearestEdge, nudgedEdge, snapToFrame, type Edge } from '../lib/coding-span.js';
import { formatClock } from '../lib/format.js';
import type { Span } from '../lib/review-playback.js';
import type { ReviewState } from './review.svelte.js';

const LEAD_KEY = 'filmroom.review.codeLeadS';
const LAG_KEY = 'filmroom.review.codeLagS';
/** A code window's usual padding: enough to see the set-up and the finish of a possession. */
const DEFAULT_LEAD_S = 2;
const DEFAULT_LAG_S = 2;
const MAX_PAD_S = 30;

export interface CodingSessionOptions {
  review: ReviewState;
  /** The playhead now (the video's own time, not the last reported one, so a key right after a step is exact). */
  timeS: () => number;
  fps: () => number;
  durationS: () => number;
  nameOf: (playType: string) => string;
  /** Moves the playhead (to show a nudged edge, or the play an undo brought back). */
  seek: (timeS: number) => void;
}

/** The play a code bar button is recording: its type and when the button was first pressed. */
export interface Recording {
  playType: string;
  pressS: number;
}

/**
 * Coding film in Review: the marks of I and O and the marked span waiting for its type, the code
 * bar's open play with its lead and lag, and the edits of the current play (nudges, trims by drag,
 * split, merge, delete, details). Every change goes through ReviewState.perform, so it is saved at
 * once, journalled for undo and redo, and a refusal is said on the status line.
 */
export class CodingSession {
  #markInS = $state.raw<number | null>(null);
  #pending = $state.raw<Span | null>(null);
  #recording = $state.raw<Recording | null>(null);
  #leadS = $state.raw(readSeconds(LEAD_KEY, DEFAULT_LEAD_S));
  #lagS = $state.raw(readSeconds(LAG_KEY, DEFAULT_LAG_S));
  readonly #o: CodingSessionOptions;

  constructor(options: CodingSessionOptions) {
    this.#o = options;
  }

  get markInS(): number | null {
    return this.#markInS;
  }

  /** A span marked with I and O that waits for its play type (a type key or a code bar button). */
  get pending(): Span | null {
    return this.#pending;
  }

  get recording(): Recording | null {
    return this.#recording;
  }

  get leadS(): number {
    return this.#leadS;
  }

  get lagS(): number {
    return this.#lagS;
  }

  /** Lead and lag are kept on this computer: an analyst sets them once for the way they code. */
  setPadding(which: 'lead' | 'lag', seconds: number): void {
    const value = Math.min(MAX_PAD_S, Math.max(0, Number.isFinite(seconds) ? seconds : 0));
    if (which === 'lead') this.#leadS = value;
    else this.#lagS = value;
    try {
      localStorage.setItem(which === 'lead' ? LEAD_KEY : LAG_KEY, String(value));
    } catch {
      // Storage refused (a private window): the value holds for this session.
    }
  }

  markIn(): void {
    const t = frameStart(this.#o.timeS(), this.#o.fps());
    this.#markInS = t;
    this.#pending = null;
    this.#say('done', `In at ${formatClock(t)}: move to the end of the play and press O.`);
  }

  markOut(): void {
    const inS = this.#markInS;
    if (inS === null) {
      this.#say('refused', 'Mark the start first: press I where the play begins, then O where it ends.');
      return;
    }
    const span = markedSpan(inS, this.#o.timeS(), this.#o.fps());
    this.#pending = span;
    this.#say('done', `Marked ${formatClock(span.startS)}–${formatClock(span.endS)}: press its play type's key (1–9, 0, −) or click it on the code bar. Esc drops it.`);
  }

  /** Forgets the marks without a word (another game was opened). */
  reset(): void {
    this.#markInS = null;
    this.#pending = null;
    this.#recording = null;
  }

  /** Drops the marks and an open code bar play. True when there was something to drop. */
  cancel(): boolean {
    const had = this.#markInS !== null || this.#pending !== null || this.#recording !== null;
    this.#markInS = null;
    this.#pending = null;
    this.#recording = null;
    if (had) this.#say('done', 'Marks dropped: nothing was coded.');
    return had;
  }

  /**
   * A type key: it gives a marked span its type and makes the play. False when no span waits (the
   * key then relabels the current play, as before).
   */
  async typeMarkedSpan(playType: string): Promise<boolean> {
    const span = this.#pending;
    if (!span) return false;
    const result = await this.#add(span, playType);
    if (result) {
      this.#pending = null;
      this.#markInS = null;
    }
    return true;
  }

  /**
   * A code bar button (or Shift + its key), as in a code window: the first press starts a play of
   * that type `lead` seconds back, the second ends it `lag` seconds on and saves it. Another type's
   * button ends the open play and starts its own, so possessions can be coded back to back.
   */
  async pressCode(playType: string): Promise<void> {
    if (this.#pending) {
      await this.typeMarkedSpan(playType);
      return;
    }
    const t = this.#o.timeS();
    const open = this.#recording;
    if (open) {
      this.#recording = null;
      const span = codeWindowSpan(open.pressS, t, this.#leadS, this.#lagS, this.#o.review.playList, this.#o.durationS(), this.#o.fps());
      if (!span) this.#say('refused', `Refused: ${this.#o.nameOf(open.playType)} would be zero-length there (no room between the neighbouring plays).`);
      else await this.#add(span, open.playType);
      if (open.playType === playType) return;
    }
    this.#recording = { playType, pressS: t };
    this.#say('done', `Coding ${this.#o.nameOf(playType)} from ${formatClock(Math.max(0, t - this.#leadS))}: press it again where the play ends.`);
  }

  /** [ and ]: the current play's edge nearer the playhead, a frame (or a second) earlier or later. */
  nudge(direction: -1 | 1, unit: 'frame' | 'second'): Promise<unknown> {
    let showS = 0;
    // Worked out when its turn comes: a quick ] ] ] moves the edge three frames, each from the last.
    return this.#o.review.perform(
      () => {
        const play = this.#currentPlay('move an edge of');
        const edge = nearestEdge(play, this.#o.timeS());
        const moved = nudgedEdge(play, edge, direction, unit, this.#o.fps());
        showS = moved.showS;
        return this.#o.review.coding.trimPlay(edge === 'start' ? { playId: play.id, startS: moved.startS } : { playId: play.id, endS: moved.endS });
      },
      { after: () => this.#o.seek(showS) },
    );
  }

  /** An edge dragged on the timeline, dropped at `timeS` (on the frame grid). */
  trimEdge(play: Play, edge: Edge, timeS: number): Promise<unknown> {
    const t = snapToFrame(timeS, this.#o.fps());
    if (t === (edge === 'start' ? play.startS : play.endS)) return Promise.resolve(undefined);
    return this.#o.review.perform(() => this.#o.review.coding.trimPlay(edge === 'start' ? { playId: play.id, startS: t } : { playId: play.id, endS: t }));
  }

  split(): Promise<unknown> {
    // The frame on screen becomes the second play's first.
    const atS = frameStart(this.#o.timeS(), this.#o.fps());
    return this.#o.review.perform(() => {
      const play = this.#currentPlay('split');
      if (!(atS > play.startS && atS < play.endS)) {
        throw new ValidationError(`The playhead (${formatClock(atS)}) is not inside the current play (${formatClock(play.startS)}–${formatClock(play.endS)}); move it to where the play should split.`);
      }
      return this.#o.review.coding.splitPlay({ playId: play.id, atS });
    });
  }

  /** Deletes the current play at once: Ctrl+Z brings it back, so there is no dialog in the way. */
  deleteCurrent(): Promise<unknown> {
    return this.#o.review.perform(() => this.#o.review.coding.deletePlay({ playId: this.#currentPlay('delete').id }));
  }

  mergeNext(): Promise<unknown> {
    return this.#o.review.perform(() => {
      const play = this.#currentPlay('merge');
      const list = this.#o.review.playList;
      const next = list[list.findIndex((p) => p.id === play.id) + 1];
      if (!next) throw new ValidationError('The current play is the game’s last; there is no next play to merge it with.');
      return this.#o.review.coding.mergePlays({ firstPlayId: play.id, secondPlayId: next.id });
    });
  }

  /** The play under the playhead now; refused (on the status line) when the game has none. */
  #currentPlay(what: string): Play {
    const play = this.#o.review.currentPlay;
    if (!play) throw new ValidationError(`No play to ${what}: this game has no plays yet. Code one with I and O or the code bar.`);
    return play;
  }

  #add(span: Span, playType: string): Promise<CodingResult | null | undefined> {
    const gameId = this.#o.review.gameId;
    if (gameId === null) return Promise.resolve(undefined);
    return this.#o.review.perform(() => this.#o.review.coding.addPlay({ gameId, startS: span.startS, endS: span.endS, playType }));
  }

  #say(tone: 'done' | 'refused', text: string): void {
    this.#o.review.setCodingStatus({ tone, text });
  }
}

function readSeconds(key: string, fallback: number): number {
  try {
    const stored = localStorage.getItem(key);
    const value = stored === null ? NaN : Number(stored);
    return Number.isFinite(value) && value >= 0 && value <= MAX_PAD_S ? value : fallback;
  } catch {
    return fallback;
  }
}
