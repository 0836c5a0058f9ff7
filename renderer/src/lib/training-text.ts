/** Runs described in words for the Training and Evaluation views. */
import type { RunSpec } from '../../../shared/api/run-spec.js';
import type { RunStatus, TrainingRunSummary } from '../../../shared/api/training.js';

/**
 * A head run: "random:0 · block1_pool · avg · 32 px → LSTM 64 · lr 0.001 · batch 8 · 15 epochs".
 * A transfer run: "fine-tune · random:4 · block1_pool · 32 px · trains block1_conv2 at 0.0001 → avg → GRU 8 · lr 0.01 · batch 4 · 5 epochs".
 */
export function specLine(spec: RunSpec): string {
  if (spec.kind === 'transfer') {
    const { model, optimizer } = spec;
    const b = model.backbone;
    const what = model.kind === 'frame' ? (model.trainable.length ? 'backbone training' : 'stack per frame') : model.trainable.length ? 'fine-tune' : 'frozen backbone';
    const trains = model.trainable.length ? ` · trains ${model.trainable.join(', ')} at ${optimizer.backboneLearningRate}` : '';
    const top = model.kind === 'frame' ? `stack of ${model.stack.length} per frame` : `${model.stack ? `stack of ${model.stack.length}` : model.pooling} → ${model.head.cell.toUpperCase()} ${model.head.units}`;
    return `${what} · ${b.weights} · ${b.cut} · ${b.size} px${trains} → ${top} · lr ${optimizer.learningRate} · batch ${spec.batchSize} · ${spec.epochs} epochs`;
  }
  const b = spec.backbone;
  const pooling = b.pooling === 'grid' ? `grid ${b.grid ?? 2}×${b.grid ?? 2}` : b.pooling;
  const h = spec.head;
  const head = `${h.bidirectional ? 'bidirectional ' : ''}${h.cell.toUpperCase()} ${h.units}${h.layers > 1 ? ` × ${h.layers} layers` : ''}`;
  return `${b.weights} · ${b.cut} · ${pooling} · ${b.size} px → ${head} · lr ${spec.optimizer.learningRate} · batch ${spec.batchSize} · ${spec.epochs} epochs`;
}

/** What to do about a run that did not finish, after its own reason. */
export function runAdvice(run: Pick<TrainingRunSummary, 'status' | 'error'>): string | null {
  switch (run.status) {
    case 'cancelled':
      return 'Stopped; its last finished epoch is saved. Resume continues from there.';
    case 'failed':
      return 'Fix what the message says (or lower the learning rate if the loss became NaN), then Resume to continue from the last saved epoch, or start a new run.';
    default:
      return null;
  }
}

const STATUS_WORDS: Readonly<Record<RunStatus, string>> = {
  queued: 'Queued',
  running: 'Training',
  finished: 'Finished',
  failed: 'Failed',
  cancelled: 'Stopped',
};

/**
 * A run's status in a word. A run stays "queued" in the library until its first epoch; while its job
 * already works (sampling clips, computing features) it is preparing, not waiting.
 */
export function runStatusWord(status: RunStatus, jobRunning = false): string {
  return status === 'queued' && jobRunning ? 'Preparing' : STATUS_WORDS[status];
}

/**
 * A warning for a held-out share that leaves too little to learn from (0.9 of ten games trains on one);
 * null for a usual one. The run may still start: a quick test on a big library can want it.
 */
export function heldOutWarning(fraction: number | null): string | null {
  if (fraction === null || !Number.isFinite(fraction) || fraction <= 0.5) return null;
  const train = Math.round((1 - fraction) * 100);
  return `Only ${train}% of the games would be trained on: the model will learn little, and a small library may have a single training game. A share of 0.2–0.3 is usual.`;
}
