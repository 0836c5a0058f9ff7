import type { FrameActivations } from '../../../shared/api/features.js';
import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { Play } from '../../../shared/api/library.js';
import type { BackboneOptions } from '../../../shared/api/training.js';
import { VGG16_LAYER_NAMES } from '../../../shared/api/vgg16-layers.js';
import { DisconnectedError, NotFoundError } from '../../../shared/errors.js';
import type { LibraryState } from './library.svelte.js';
import type { FeaturesTarget } from './navigation.svelte.js';
import { Resource } from './resource.svelte.js';

/** What one activations request is for; two requests with equal keys give the same maps. */
export interface ActivationsKey {
  playId: number;
  frame: number;
  weights: string;
}

export interface WeightChoice {
  name: string;
  label: string;
  /** The deepest layer the set has weights for: blocks past it cannot be shown. */
  upTo: string;
}

/** Strongest channels shown per block: a row of small maps that fits beside the mean at 1280 px. */
export const TOP_CHANNELS = 6;
/** The clip's middle frame: where a play is usually under way. */
const FIRST_FRAME = 20;
/** The library's default when the backbone options have not arrived (yet). */
const DEFAULT_CLIP_FRAMES = 40;
type Vgg16Layer = (typeof VGG16_LAYER_NAMES)[number];
const BLOCK_POOLS: readonly Vgg16Layer[] = ['block1_pool', 'block2_pool', 'block3_pool', 'block4_pool', 'block5_pool'];
const RANDOM: WeightChoice = { name: 'random', label: 'Random (untrained)', upTo: 'block5_pool' };
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  imagenet: 'ImageNet',
  random: 'random',
  'keras-h5': 'Keras file',
  tfjs: 'TensorFlow.js file',
  trained: 'trained here',
  surgery: 'edited',
};

export function sameKey(a: ActivationsKey | null | undefined, b: ActivationsKey | null | undefined): boolean {
  return !!a && !!b && a.playId === b.playId && a.frame === b.frame && a.weights === b.weights;
}

/** Each block's pool that a weight set reaching `upTo` can compute (all five for a full set). */
export function poolsUpTo(upTo: string): Vgg16Layer[] {
  const last = (VGG16_LAYER_NAMES as readonly string[]).indexOf(upTo);
  return BLOCK_POOLS.filter((pool) => last === -1 || VGG16_LAYER_NAMES.indexOf(pool) <= last);
}

/**
 * The Features view's state: which play, frame and weights, and the per-block maps shown for them.
 * The game and its plays are the Library's selection, so both views agree on "the current game".
 *
 * Activations take seconds (a worker process runs the network), so at most one request is in
 * flight: asking for frame 21, 22, 23 while frame 20 computes does not start three more. When the
 * running one ends, its answer is shown only if it is still what is wanted; otherwise it is dropped
 * and the newest wish is computed next. The last shown maps stay on screen meanwhile.
 */
export class FeaturesState {
  readonly options = new Resource<BackboneOptions>();
  /** Draw each block's mean map over the frame at 50% instead of on its own. */
  overlay = $state(false);

  #playId = $state.raw<number | null>(null);
  #frame = $state.raw(FIRST_FRAME);
  #weights = $state.raw(RANDOM.name);
  #shown = $state.raw<{ key: ActivationsKey; result: FrameActivations } | null>(null);
  #running = $state.raw<{ key: ActivationsKey; since: number } | null>(null);
  #failure = $state.raw<{ key: ActivationsKey; message: string } | null>(null);
  readonly #api: FilmRoomApi;
  readonly #library: LibraryState;

  readonly frameCount = $derived(this.options.value?.clipFrames ?? DEFAULT_CLIP_FRAMES);
  readonly weightChoices = $derived.by((): WeightChoice[] => {
    const sets = (this.options.value?.weightSets ?? []).filter((set) => set.name !== 'random' && set.name !== 'random:0');
    return [RANDOM, ...sets.map((set) => ({ name: set.name, label: weightLabel(set.name, set.source), upTo: set.upTo }))];
  });
  readonly weightChoice = $derived(this.weightChoices.find((choice) => choice.name === this.#weights) ?? { ...RANDOM, name: this.#weights, label: this.#weights });
  // A closure, not an expression: the library is set in the constructor, after the fields.
  readonly plays = $derived.by((): readonly Play[] => this.#library.plays.value?.plays ?? []);
  /** The chosen play while it is in the selected game; else the game's first play. */
  readonly play = $derived(this.plays.find((play) => play.id === this.#playId) ?? this.plays[0] ?? null);
  readonly wanted = $derived<ActivationsKey | null>(this.play ? { playId: this.play.id, frame: this.#frame, weights: this.#weights } : null);
  /** The maps on screen are for another play, frame or weights than the ones picked (a newer request runs or failed). */
  readonly stale = $derived(this.#shown !== null && !sameKey(this.#shown.key, this.wanted));
  /** The failure of the current wish only: an older request's failure no longer matters. */
  readonly error = $derived(this.#failure && sameKey(this.#failure.key, this.wanted) ? this.#failure.message : null);

  constructor(api: FilmRoomApi, library: LibraryState) {
    this.#api = api;
    this.#library = library;
  }

  get frame(): number {
    return this.#frame;
  }

  get weights(): string {
    return this.#weights;
  }

  get result(): FrameActivations | null {
    return this.#shown?.result ?? null;
  }

  /** The request computing now, and since when (ms, Date.now()), or null. */
  get running(): { key: ActivationsKey; since: number } | null {
    return this.#running;
  }

  /** Reads the weight sets again when new ones arrive (a tuned backbone saved, weights imported); returns the stop function. */
  listen(): () => void {
    const subscription = this.#api.library.onDidChange((change) => {
      // Only once they have been read at all: a view that never showed them need not fetch them.
      if ((change.kind === 'weights' || change.kind === 'features') && this.options.value) void this.loadOptions();
    });
    return () => subscription.dispose();
  }

  /** Lists the weight sets (kept on screen while reading them again). */
  loadOptions(): Promise<void> {
    return this.options.load(() => this.#api.training.backboneOptions({}), { keep: true });
  }

  selectPlay(playId: number): void {
    this.#playId = playId;
  }

  setFrame(frame: number): void {
    if (!Number.isFinite(frame)) return;
    this.#frame = Math.min(this.frameCount - 1, Math.max(0, Math.round(frame)));
  }

  /** One frame back or forward, stopping at the clip's ends. */
  step(delta: number): void {
    this.setFrame(this.#frame + delta);
  }

  setWeights(name: string): void {
    this.#weights = name;
  }

  /** Shows a play another view asked for: its game becomes the Library's selected game. */
  open(target: FeaturesTarget): void {
    this.#playId = target.playId;
    if (target.frame !== undefined) this.setFrame(target.frame);
    void this.#library.selectGame(target.gameId);
  }

  /**
   * Computes the maps for `key` unless they are shown, computing, or failed already (retry clears
   * the failure). Called by the view whenever what is wanted changes.
   */
  async show(key: ActivationsKey): Promise<void> {
    if (this.#running || sameKey(key, this.#shown?.key) || sameKey(key, this.#failure?.key)) return;
    this.#running = { key, since: Date.now() };
    try {
      const upTo = this.weightChoices.find((choice) => choice.name === key.weights)?.upTo ?? RANDOM.upTo;
      const result = await this.#api.features.activations({ ...key, topK: TOP_CHANNELS, layers: poolsUpTo(upTo) });
      if (sameKey(key, this.wanted)) {
        this.#shown = { key, result };
        this.#failure = null;
      }
    } catch (error) {
      if (sameKey(key, this.wanted)) this.#failure = { key, message: explain(error, key) };
    } finally {
      this.#running = null;
    }
    // Whatever was asked for meanwhile is computed now: only the newest wish, however many came.
    const next = this.wanted;
    if (next && !sameKey(next, key)) await this.show(next);
  }

  retry(): void {
    this.#failure = null;
    if (this.wanted) void this.show(this.wanted);
  }
}

function weightLabel(name: string, source: string): string {
  if (name === 'imagenet') return 'ImageNet';
  return `${name} (${SOURCE_NAMES[source] ?? source})`;
}

/** The failure in plain words, with what to do about it. */
function explain(error: unknown, key: ActivationsKey): string {
  const message = error instanceof Error ? error.message : String(error);
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  if (error instanceof DisconnectedError) return sentence;
  // The main side's not-found messages already say what to import or add.
  if (error instanceof NotFoundError) return `Cannot show frame ${key.frame} of this play: ${sentence}`;
  return `Could not compute the block maps for frame ${key.frame} with ${key.weights === 'random' ? 'random' : `"${key.weights}"`} weights: ${sentence} Try again, or pick other weights.`;
}
