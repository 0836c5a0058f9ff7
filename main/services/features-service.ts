import type { Database } from 'better-sqlite3';
import type { ActivationsRequest, DescribeModelRequest, FeaturesService, FrameActivations } from '../../shared/api/features.js';
import { ActivationsRequest as ActivationsSchema, DescribeModelRequest as DescribeModelSchema } from '../../shared/api/features.js';
import type { ModelDescription } from '../../shared/api/transfer.js';
import { ValidationError } from '../../shared/errors.js';
import { ActivationFrameCache, framesToPrefetch } from '../features/activation-frame-cache.js';
import type { WorkerRunner } from '../jobs/run-in-worker.js';
import { getClip } from '../library/repositories/clips.js';
import { readSettings } from '../library/repositories/settings.js';

type ParsedActivations = ReturnType<typeof ActivationsSchema.parse>;

/**
 * A frame this close to the front of the running prefetch is waited for; one further away is
 * computed on its own at once (the prefetch stops and starts again from there).
 */
const WAIT_AHEAD = 2;

interface Prefetch {
  clipKey: string;
  /** Frames not sent yet, in the order the job computes them. */
  remaining: number[];
  controller: AbortController;
  /** Woken at each frame that arrives and when the job ends. */
  waiters: Set<() => void>;
  done: Promise<void>;
  /** Why the job failed (not set when it was stopped). */
  error?: unknown;
}

/**
 * Per-block activations for the Features view. The network runs in a worker process (an
 * `activations` job): seconds of computation at 224×224 never stall the front door that asked.
 *
 * Stepping through a clip must not cost a worker, a weights load and a forward pass per step, so
 * computed frames are cached, and after each answer one background job computes the clip's other
 * frames (the following ones first), sending each as soon as it is done, until the whole clip is
 * cached or another play or weight set is asked for. A frame the job is about to send is waited for.
 */
export class FeaturesServiceImpl implements FeaturesService {
  readonly #cache = new ActivationFrameCache();
  #prefetch: Prefetch | null = null;
  /** The clip last asked for and its frame: where the prefetch goes on from. */
  #anchor: { clipKey: string; request: ParsedActivations } | null = null;
  #disposed = false;

  constructor(
    private readonly workers: WorkerRunner,
    private readonly db?: Database,
  ) {}

  async activations(request: ActivationsRequest): Promise<FrameActivations> {
    const r = ActivationsSchema.parse(request);
    const clipKey = this.#clipKey(r);
    if (clipKey === null) return this.workers.run({ kind: 'activations', request: r });
    this.#anchor = { clipKey, request: r };
    let result = this.#cache.get(clipKey, r.frame) ?? (await this.#fromPrefetch(clipKey, r.frame));
    if (!result) {
      // What runs now is not what is wanted soon: it stops after its current frame (keeping what it
      // sent). One job computes the asked frame first, then goes on with the clip's others.
      this.#prefetch?.controller.abort();
      const started = this.#startPrefetch(clipKey, r, r.frame);
      result = await this.#fromPrefetch(clipKey, r.frame);
      if (!result && started?.error !== undefined) throw started.error;
      if (!result) {
        // Superseded before it got there (another front door asked for something else): on its own.
        result = await this.workers.run({ kind: 'activations', request: r });
        this.#cache.set(clipKey, result);
      }
    }
    this.#prefetchNext();
    return result;
  }

  /** Resolves when no prefetch job runs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#prefetch) await this.#prefetch.done;
  }

  /** Stops the prefetch (its worker ends after its current frame); no new one starts. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#prefetch?.controller.abort();
    await this.idle();
  }

  /** The frame from the running prefetch when it is next in line: waits for it to arrive. */
  async #fromPrefetch(clipKey: string, frame: number): Promise<FrameActivations | undefined> {
    const running = this.#prefetch;
    if (!running || running.clipKey !== clipKey || running.controller.signal.aborted) return undefined;
    const position = running.remaining.indexOf(frame);
    if (position === -1 || position >= WAIT_AHEAD) return undefined;
    while (running.remaining.includes(frame) && !running.controller.signal.aborted) {
      await new Promise<void>((resolve) => running.waiters.add(resolve));
    }
    return this.#cache.get(clipKey, frame);
  }

  /**
   * The cache key of a request's clip: play, weights, layers and channel count, and the clip file
   * itself, so a trimmed play (whose clip is sampled again) is never shown with its old maps.
   * Null when the play has no clip: the job says why.
   */
  #clipKey(r: ParsedActivations): string | null {
    if (!this.db) return null;
    const { clipFrames, frameSize } = readSettings(this.db);
    const clip = getClip(this.db, r.playId, clipFrames, frameSize);
    if (!clip) return null;
    return JSON.stringify([r.playId, clip.id, clip.path, frameSize, r.weights, r.layers ?? null, r.topK, clipFrames]);
  }

  /** Goes on computing the clip last asked for, unless a job runs or every frame is cached. */
  #prefetchNext(): void {
    if (this.#disposed || this.#prefetch || !this.db || !this.#anchor) return;
    this.#startPrefetch(this.#anchor.clipKey, this.#anchor.request);
  }

  /** One job for `first` (when given) and then every frame of the clip not cached, the following ones first. */
  #startPrefetch(clipKey: string, request: ParsedActivations, first?: number): Prefetch | null {
    if (this.#disposed || !this.db) return null;
    const { clipFrames } = readSettings(this.db);
    const others = framesToPrefetch(request.frame, clipFrames, (frame) => frame === first || this.#cache.has(clipKey, frame), clipFrames);
    const frames = first === undefined ? others : [first, ...others];
    if (frames.length === 0) return null;
    const { frame: _asked, ...rest } = request;
    const controller = new AbortController();
    const prefetch: Prefetch = { clipKey, remaining: [...frames], controller, waiters: new Set(), done: Promise.resolve() };
    const wake = () => {
      const waiters = [...prefetch.waiters];
      prefetch.waiters.clear();
      for (const resolve of waiters) resolve();
    };
    prefetch.done = this.workers
      .run(
        { kind: 'activationFrames', request: { ...rest, frames } },
        {
          signal: controller.signal,
          onPartial: (result) => {
            this.#cache.set(clipKey, result);
            prefetch.remaining = prefetch.remaining.filter((frame) => frame !== result.frame);
            wake();
          },
        },
      )
      .then(
        () => undefined,
        // Kept for whoever waits for a frame of it; a frame it did not send is computed when asked for.
        (error: unknown) => {
          if (!controller.signal.aborted) prefetch.error = error;
        },
      )
      .finally(() => {
        prefetch.remaining = [];
        wake();
        if (this.#prefetch !== prefetch) return;
        this.#prefetch = null;
        // Stopped for a frame elsewhere, or another clip is wanted now: go on from there. A job that
        // ended by itself is not started again for the same clip (a failure would only repeat).
        if (controller.signal.aborted || this.#anchor?.clipKey !== clipKey) this.#prefetchNext();
      });
    this.#prefetch = prefetch;
    return prefetch;
  }

  /**
   * Runs here, not in a worker: a zero-weight build takes well under a second even at 224×224.
   * Loaded on first use, so a front door that never describes a model never loads TensorFlow.js.
   */
  async describeModel(request: DescribeModelRequest): Promise<ModelDescription> {
    const r = DescribeModelSchema.parse(request);
    const [{ initTfjs }, { describeTransferModel }] = await Promise.all([import('../ml/tfjs/backend.js'), import('../ml/transfer/describe.js')]);
    await initTfjs();
    try {
      return describeTransferModel(r.spec, { classes: r.classes, frames: r.frames });
    } catch (error) {
      // A spec that cannot be built (a stack too deep for the cut's map, a trainable layer past
      // the cut) is a fault of the request: say so by name, with the builder's own words.
      if (error instanceof RangeError) throw new ValidationError(`This model cannot be built: ${error.message}`);
      throw error;
    }
  }
}
