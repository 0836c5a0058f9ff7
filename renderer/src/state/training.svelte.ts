import type { JobProgress } from '../../../shared/api/app.js';
import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { ModelSpec } from '../../../shared/api/model-spec.js';
import type {
  BackboneOptions, EpochRecord, ReviewQueue, TrainingEpochEvent, TrainingRun, TrainingRunSummary,
} from '../../../shared/api/training.js';
import { ConflictError } from '../../../shared/errors.js';
import type { MatrixMode } from '../lib/evaluation-matrix.js';
import { mergeEpoch, mergeEpochs, type CurveRun } from '../lib/training-curves.js';
import {
  backboneFromFeatureSet, cachedFeatureSet, defaultSpec, draftFromSpec, validateDraft, weightChoices, type TrainingDraft,
} from '../lib/training-form.js';
import { Resource } from './resource.svelte.js';

/** Runs overlaid on the curves besides the selected one; more makes the chart unreadable. */
export const MAX_COMPARED = 5;
const TERMINAL = new Set(['finished', 'failed', 'cancelled']);
/** How many of a cell's plays are listed; the total is always shown. */
const CELL_PLAYS_LIMIT = 200;

export type TrainingAction = 'start' | 'stop' | 'resume';

/**
 * The Training view's state, app-wide so a run keeps being followed (curves, progress) while the
 * user is in another view: the form's draft, the run list, each followed run's epochs, the latest
 * progress of each training job, the selected run and the runs overlaid on it.
 *
 * Runs train in a worker process on the main side; this only asks and listens. A run's epochs are
 * read once (getRun) and then appended from onDidEpoch; a finished, failed or stopped run is read
 * again so its list is exactly the library's.
 */
export class TrainingState {
  readonly options = new Resource<BackboneOptions>();
  readonly evaluation: EvaluationState;
  draft = $state<TrainingDraft>(draftFromSpec(defaultSpec(undefined)));

  /** The spec the draft was filled from: what the form does not show is taken from it. */
  #base = $state.raw<ModelSpec>(defaultSpec(undefined));
  #filled = false;
  #runs = $state.raw<readonly TrainingRunSummary[]>([]);
  #runsLoaded = $state.raw(false);
  #runsError = $state.raw<string | null>(null);
  #epochs = $state.raw<Readonly<Record<number, readonly EpochRecord[]>>>({});
  #progress = $state.raw<Readonly<Record<number, JobProgress>>>({});
  #selectedId = $state.raw<number | null>(null);
  /** A run just started here, which the view brings into sight once (then forgets). */
  #revealId = $state.raw<number | null>(null);
  #compared = $state.raw<readonly number[]>([]);
  #problem = $state.raw<string | null>(null);
  #pending = $state.raw<{ action: TrainingAction; runId: number | null } | null>(null);
  /** Runs the library says are running but no process trains (Film Room closed mid-run): resumable. */
  #orphaned = $state.raw<readonly number[]>([]);
  // Reads in flight, so a burst of epochs does not start one read each. Never rendered, so a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #reading = new Set<number>();
  readonly #api: FilmRoomApi;

  readonly weightChoices = $derived(weightChoices(this.options.value));
  readonly validation = $derived(validateDraft(this.draft, this.#base, this.options.value ? this.weightChoices : null));
  /** The cached features the draft would train on; undefined means they are computed first. */
  readonly cached = $derived(cachedFeatureSet(this.options.value, this.draft));
  readonly selectedRun = $derived(this.#runs.find((run) => run.id === this.#selectedId) ?? null);
  readonly running = $derived(this.#runs.filter((run) => run.status === 'running' && !this.#orphaned.includes(run.id)));
  /** The selected run, then the compared ones, as the curves overlay them. */
  readonly curveRuns = $derived.by((): CurveRun[] => {
    const selected = this.#selectedId;
    const ids = [...(selected === null ? [] : [selected]), ...this.#compared.filter((id) => id !== selected)];
    return ids.flatMap((id) => {
      const run = this.#runs.find((r) => r.id === id);
      return run ? [{ id, name: run.name, epochs: this.#epochs[id] ?? [] }] : [];
    });
  });

  constructor(api: FilmRoomApi) {
    this.#api = api;
    this.evaluation = new EvaluationState(api, () => this.#runs);
  }

  get runs(): readonly TrainingRunSummary[] {
    return this.#runs;
  }

  get runsLoaded(): boolean {
    return this.#runsLoaded;
  }

  /** Why the run list could not be read, or null. */
  get runsError(): string | null {
    return this.#runsError;
  }

  get compared(): readonly number[] {
    return this.#compared;
  }

  /** What went wrong starting, stopping or resuming, in plain words with what to do, or null. */
  get problem(): string | null {
    return this.#problem;
  }

  get pending(): { action: TrainingAction; runId: number | null } | null {
    return this.#pending;
  }

  epochsOf(runId: number): readonly EpochRecord[] | undefined {
    return this.#epochs[runId];
  }

  progressOf(runId: number): JobProgress | undefined {
    return this.#progress[runId];
  }

  /** Whether Stop makes sense: the run trains now, in a process of this Film Room. */
  canStop(run: TrainingRunSummary): boolean {
    return (run.status === 'running' || run.status === 'queued') && !this.#orphaned.includes(run.id);
  }

  canResume(run: TrainingRunSummary): boolean {
    return run.status === 'cancelled' || run.status === 'failed' || this.#orphaned.includes(run.id);
  }

  /** Follows training events and loads what the view shows; returns the stop function. */
  listen(): () => void {
    const subscriptions = [
      this.#api.app.onDidProgress((progress) => this.#onProgress(progress)),
      this.#api.training.onDidEpoch((event) => this.#onEpoch(event)),
      this.#api.training.onDidChangeRun((summary) => this.#onRunChanged(summary)),
      // Extraction (here or in Features) caches new feature sets; weights may be imported meanwhile.
      this.#api.library.onDidChange((change) => {
        if (change.kind === 'features' || change.kind === 'weights') void this.loadOptions();
      }),
    ];
    void this.loadOptions();
    void this.refreshRuns();
    return () => subscriptions.forEach((subscription) => subscription.dispose());
  }

  async loadOptions(): Promise<void> {
    await this.options.load(() => this.#api.training.backboneOptions({}), { keep: true });
    // The first options fill the form with this library's defaults (its frame size, ImageNet if registered).
    if (!this.#filled && this.options.value) {
      this.#filled = true;
      this.resetDraft();
    }
  }

  async refreshRuns(): Promise<void> {
    try {
      const runs = await this.#api.training.listRuns({});
      this.#runs = runs;
      this.#runsError = null;
      this.#runsLoaded = true;
      if (this.#selectedId === null || !runs.some((run) => run.id === this.#selectedId)) {
        const first = runs.find((run) => run.status === 'running') ?? runs[0];
        if (first) this.select(first.id);
      }
    } catch (error) {
      this.#runsError = messageOf(error);
    }
  }

  /** The run to scroll to, once: set by Start, cleared by the view when it has scrolled. */
  get revealId(): number | null {
    return this.#revealId;
  }

  revealed(): void {
    this.#revealId = null;
  }

  select(runId: number): void {
    this.#selectedId = runId;
    this.#compared = this.#compared.filter((id) => id !== runId);
    void this.#readEpochs(runId);
  }

  /** Adds a run to the overlay, or takes it off. */
  toggleCompare(runId: number): void {
    if (this.#compared.includes(runId)) {
      this.#compared = this.#compared.filter((id) => id !== runId);
      return;
    }
    if (runId === this.#selectedId) return;
    this.#compared = [...this.#compared, runId].slice(-MAX_COMPARED);
    void this.#readEpochs(runId);
  }

  /** Back to this library's defaults. */
  resetDraft(): void {
    this.#setDraft(defaultSpec(this.options.value), '');
  }

  /** The form filled with a run's settings, to train a variant of it. */
  useSpecOf(run: TrainingRunSummary): void {
    // The form trains heads on features; a transfer run's settings belong to the model view below it.
    if (run.spec.kind === 'head') this.#setDraft(run.spec, '');
  }

  /** The backbone of a cached feature set: training on it needs no extraction first. */
  useFeatureSet(featureSetId: number): void {
    const set = this.options.value?.featureSets.find((s) => s.id === featureSetId);
    const backbone = set && backboneFromFeatureSet(set);
    if (backbone) Object.assign(this.draft, backbone);
  }

  async start(): Promise<void> {
    const validation = this.validation;
    if (!validation.ok || this.#pending) return;
    this.#pending = { action: 'start', runId: null };
    this.#problem = null;
    try {
      const run = await this.#api.training.start({ spec: validation.spec, ...(validation.name ? { name: validation.name } : {}) });
      this.#upsert(run);
      this.#epochs = { ...this.#epochs, [run.id]: this.#epochs[run.id] ?? [] };
      this.select(run.id);
      this.#revealId = run.id;
    } catch (error) {
      this.#problem = `Could not start training: ${messageOf(error)} Check the settings, then try again.`;
    } finally {
      this.#pending = null;
    }
  }

  async stop(runId: number): Promise<void> {
    if (this.#pending) return;
    this.#pending = { action: 'stop', runId };
    this.#problem = null;
    try {
      // Resolves once the child has finished its batch and kept its checkpoint.
      this.#upsert(await this.#api.training.stop({ runId }));
    } catch (error) {
      if (error instanceof ConflictError) {
        this.#orphaned = [...this.#orphaned, runId];
        this.#problem = `Run ${runId} is not training any more (Film Room may have closed while it ran). Resume continues it from its last saved epoch.`;
      } else {
        this.#problem = `Could not stop run ${runId}: ${messageOf(error)} It may still be training; try again in a moment.`;
      }
    } finally {
      this.#pending = null;
    }
  }

  async resume(runId: number): Promise<void> {
    if (this.#pending) return;
    this.#pending = { action: 'resume', runId };
    this.#problem = null;
    try {
      const run = await this.#api.training.resume({ runId });
      this.#orphaned = this.#orphaned.filter((id) => id !== runId);
      this.#upsert(run);
      this.select(runId);
    } catch (error) {
      this.#problem = `Could not resume run ${runId}: ${messageOf(error)}`;
    } finally {
      this.#pending = null;
    }
  }

  dismissProblem(): void {
    this.#problem = null;
  }

  #setDraft(spec: ModelSpec, name: string): void {
    // Clips have the library's length: a spec from elsewhere takes it, or training would refuse it.
    const frames = this.options.value?.clipFrames ?? spec.backbone.frames;
    const base = { ...spec, backbone: { ...spec.backbone, frames } };
    this.#base = base;
    this.draft = draftFromSpec(base, name);
  }

  #upsert(summary: TrainingRunSummary): void {
    const index = this.#runs.findIndex((run) => run.id === summary.id);
    // Newest first, as listRuns orders them.
    this.#runs = index === -1 ? [summary, ...this.#runs].sort((a, b) => b.id - a.id) : this.#runs.with(index, summary);
  }

  async #readEpochs(runId: number): Promise<void> {
    if (this.#reading.has(runId)) return;
    this.#reading.add(runId);
    try {
      const run = await this.#api.training.getRun({ runId });
      this.#epochs = { ...this.#epochs, [runId]: mergeEpochs(run.epochs, this.#epochs[runId] ?? []) };
    } catch {
      // The curves stay as they were; the run list shows the run's own status and error.
    } finally {
      this.#reading.delete(runId);
    }
  }

  #isFollowed(runId: number): boolean {
    return runId === this.#selectedId || this.#compared.includes(runId);
  }

  #onEpoch({ runId, epoch }: TrainingEpochEvent): void {
    const known = this.#epochs[runId];
    if (known) this.#epochs = { ...this.#epochs, [runId]: mergeEpoch(known, epoch) };
    else if (this.#isFollowed(runId)) void this.#readEpochs(runId);
  }

  #onRunChanged(summary: TrainingRunSummary): void {
    this.#upsert(summary);
    if (summary.status !== 'running') this.#orphaned = this.#orphaned.filter((id) => id !== summary.id);
    if (TERMINAL.has(summary.status) && this.#epochs[summary.id]) void this.#readEpochs(summary.id);
    if (this.#selectedId === null) this.select(summary.id);
    this.evaluation.runChanged(summary);
  }

  #onProgress(progress: JobProgress): void {
    if (progress.kind !== 'train') return;
    const { runId } = progress;
    this.#progress = { ...this.#progress, [runId]: progress };
    // A run started from another window of this Film Room: list it.
    if (!this.#runs.some((run) => run.id === runId)) void this.refreshRuns();
  }
}

/**
 * The Evaluation view's state: which finished run is shown, counts or row shares, and the matrix
 * cell whose plays are listed. App-wide too, so coming back from Review finds the same list.
 */
export class EvaluationState {
  readonly run = new Resource<TrainingRun>();
  readonly plays = new Resource<ReviewQueue>();
  mode = $state<MatrixMode>('counts');
  #runId = $state.raw<number | null>(null);
  #cell = $state.raw<{ trueType: string; predictedType: string } | null>(null);
  readonly #api: FilmRoomApi;
  readonly #runs: () => readonly TrainingRunSummary[];

  /** Runs with a held-out evaluation, newest first. */
  readonly finishedRuns = $derived.by(() => this.#runs().filter((run) => run.status === 'finished'));

  constructor(api: FilmRoomApi, runs: () => readonly TrainingRunSummary[]) {
    this.#api = api;
    this.#runs = runs;
  }

  get runId(): number | null {
    return this.#runId;
  }

  get cell(): { trueType: string; predictedType: string } | null {
    return this.#cell;
  }

  /** Shows a run's evaluation: the one asked for, else the one shown, else the newest finished run. */
  async show(runId?: number): Promise<void> {
    const id = runId ?? this.#runId ?? this.finishedRuns[0]?.id ?? null;
    if (id === null) return;
    if (id !== this.#runId) {
      this.#cell = null;
      this.plays.clear();
    }
    this.#runId = id;
    await this.run.load(() => this.#api.training.getRun({ runId: id }), { keep: this.run.value?.id === id });
  }

  /** Lists the held-out plays of one true type predicted as another. */
  async selectCell(trueType: string, predictedType: string): Promise<void> {
    const runId = this.#runId;
    if (runId === null) return;
    this.#cell = { trueType, predictedType };
    await this.plays.load(() =>
      this.#api.training.reviewQueue({ runId, trueType, predictedType, heldOutOnly: true, limit: CELL_PLAYS_LIMIT }),
    );
  }

  clearCell(): void {
    this.#cell = null;
    this.plays.clear();
  }

  /** A run just finished: show it if nothing is shown yet. */
  runChanged(summary: TrainingRunSummary): void {
    if (summary.status === 'finished' && (this.#runId === null || this.#runId === summary.id)) void this.show(summary.id);
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
