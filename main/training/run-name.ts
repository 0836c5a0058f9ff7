import type { ModelSpec } from '../../shared/api/model-spec.js';

/** A short name for a run list: which backbone made the features, and the head over them. */
export function defaultRunName(spec: ModelSpec): string {
  const b = spec.backbone;
  const head = `${spec.head.bidirectional ? 'bi-' : ''}${spec.head.cell.toUpperCase()} ${spec.head.units}${spec.head.layers > 1 ? `×${spec.head.layers}` : ''}`;
  return `${b.weights} ${b.cut} ${b.pooling}${b.grid ? b.grid : ''} @${b.size} → ${head}`;
}
