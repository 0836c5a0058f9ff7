/**
 * The Features view's computed frames, kept so that stepping back and forth through a clip shows
 * maps at once. Least recently used frames go first; at 224×224 a frame's five blocks with six
 * channels each and its RGB take about 0.35 MB as sent, so the default keeps two clips' worth.
 */
import type { FrameActivations } from '../../shared/api/features.js';

export class ActivationFrameCache {
  readonly #frames = new Map<string, FrameActivations>();

  constructor(private readonly limit = 80) {}

  get(clipKey: string, frame: number): FrameActivations | undefined {
    const key = `${clipKey}#${frame}`;
    const found = this.#frames.get(key);
    if (found) {
      // Map keeps insertion order: moving a used frame to the end makes the first one the least recently used.
      this.#frames.delete(key);
      this.#frames.set(key, found);
    }
    return found;
  }

  has(clipKey: string, frame: number): boolean {
    return this.#frames.has(`${clipKey}#${frame}`);
  }

  set(clipKey: string, result: FrameActivations): void {
    const key = `${clipKey}#${result.frame}`;
    this.#frames.delete(key);
    this.#frames.set(key, result);
    while (this.#frames.size > this.limit) this.#frames.delete(this.#frames.keys().next().value!);
  }

  get size(): number {
    return this.#frames.size;
  }
}

/**
 * The frames to compute next around `anchor` (the frame last asked for) that are not cached: the
 * following ones first, since analysts step forward, then the earlier ones nearest first.
 */
export function framesToPrefetch(anchor: number, frameCount: number, isCached: (frame: number) => boolean, count: number): number[] {
  const order = [...Array.from({ length: frameCount - anchor - 1 }, (_, i) => anchor + 1 + i), ...Array.from({ length: anchor }, (_, i) => anchor - 1 - i)];
  return order.filter((frame) => !isCached(frame)).slice(0, count);
}
