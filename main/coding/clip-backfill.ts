/**
 * Samples, in the background, the clip of each play a coding operation made or gave a new span
 * (an add, a trim, a split, a merge, or their undo and redo), at the library's clip shape (40
 * frames by default), so the next extraction or training run finds it ready. The services answer
 * the coding call first; the decoding runs in ffmpeg's own processes, one play at a time, so RPC
 * is never held up. A play that cannot be sampled is left for the next extraction, which samples
 * every play without a clip anyway.
 */
import type { Database } from 'better-sqlite3';
import { getClip, insertClip } from '../library/repositories/clips.js';
import { playNeedingClip } from '../library/repositories/plays-without-clips.js';
import { readSettings } from '../library/repositories/settings.js';
import type { ClipCache } from '../media/clip-cache.js';
import { sampleClip } from '../media/sample-clip.js';

export class ClipBackfill {
  readonly #db: Database;
  readonly #cache: ClipCache;
  readonly #queue = new Set<number>();
  readonly #abort = new AbortController();
  #running: Promise<void> | null = null;
  /** Plays sampled, and plays given up on (left to the next extraction): for tests and diagnostics. */
  readonly counts = { sampled: 0, skipped: 0, failed: 0 };

  constructor(db: Database, cache: ClipCache) {
    this.#db = db;
    this.#cache = cache;
  }

  /** Queues these plays; returns at once. */
  schedule(playIds: readonly number[]): void {
    if (this.#abort.signal.aborted) return;
    for (const id of playIds) this.#queue.add(id);
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves once every queued play has been sampled (or given up on). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops sampling (the library is closing); a clip half-made is not recorded. */
  async close(): Promise<void> {
    this.#abort.abort();
    this.#queue.clear();
    await this.idle();
  }

  async #drain(): Promise<void> {
    for (let next = first(this.#queue); next !== undefined && !this.#abort.signal.aborted; next = first(this.#queue)) {
      this.#queue.delete(next);
      try {
        if (await this.#sample(next)) this.counts.sampled += 1;
        else this.counts.skipped += 1;
      } catch {
        // Left for the next extraction, which samples every play without a clip and reports why one fails.
        this.counts.failed += 1;
      }
    }
  }

  /** Samples one play's clip unless it has one, or is gone, or its game's video is not ready. */
  async #sample(playId: number): Promise<boolean> {
    const { clipFrames: frames, frameSize: size } = readSettings(this.#db);
    const play = playNeedingClip(this.#db, playId, frames, size);
    if (!play) return false;
    const { rgb } = await sampleClip({ file: play.videoPath, video: { fps: play.fps, durationS: play.durationS }, startS: play.startS, endS: play.endS, frames, size }, this.#abort.signal);
    const written = await this.#cache.write(this.#cache.relativePath(play.contentHash, play.startS, play.endS, frames, size), rgb, { frames, size });
    // Recorded only if the play still has the span sampled: a trim while ffmpeg ran makes this clip
    // another span's (the file stays in the cache, named by its span, for an undo to reuse).
    return this.#db.transaction(() => {
      const now = this.#db.prepare('SELECT start_s AS startS, end_s AS endS FROM plays WHERE id = ?').get(playId) as { startS: number; endS: number } | undefined;
      if (!now || now.startS !== play.startS || now.endS !== play.endS || getClip(this.#db, playId, frames, size)) return false;
      insertClip(this.#db, { play_id: playId, frames, size, path: written.path, sha256: written.sha256 });
      return true;
    }).immediate();
  }
}

function first(set: ReadonlySet<number>): number | undefined {
  for (const value of set) return value;
  return undefined;
}
