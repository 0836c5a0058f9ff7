import type { RunSpec } from '../../shared/api/run-spec.js';

/**
 * A short name for a run list. A head run: which backbone made the features, and the head over them.
 * A transfer run: the backbone, what of it trains, and what sits on it.
 */
export function defaultRunName(spec: RunSpec): string {
  if (spec.kind === 'transfer') {
    const { model } = spec;
    const b = model.backbone;
    const trains = model.trainable.length ? `train ${model.trainable.join('+')}` : 'frozen';
    const top = model.kind === 'frame' ? `stack ${model.stack.length} per frame` : model.stack ? `stack ${model.stack.length} → ${model.head.cell.toUpperCase()} ${model.head.units}` : `${model.pooling} → ${model.head.cell.toUpperCase()} ${model.head.units}`;
    return `${b.weights} ${b.cut} @${b.size} (${trains}) → ${top}`;
  }
  const b = spec.backbone;
  const head = `${spec.head.bidirectional ? 'bi-' : ''}${spec.head.cell.toUpperCase()} ${spec.head.units}${spec.head.layers > 1 ? `×${spec.head.layers}` : ''}`;
  return `${b.weights} ${b.cut} ${b.pooling}${b.grid ? b.grid : ''} @${b.size} → ${head}`;
}
