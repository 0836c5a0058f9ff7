/** Runs described in words for the Training and Evaluation views. */
import type { ModelSpec } from '../../../shared/api/model-spec.js';
import type { TrainingRunSummary } from '../../../shared/api/training.js';

/** "random:0 · block1_pool · avg · 32 px → LSTM 64 · lr 0.001 · batch 8 · 15 epochs" */
export function specLine(spec: ModelSpec): string {
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
