import type { LayerActivations } from '../../../../shared/api/features.js';

/** One map of a block as the enlarged view steps through them: the mean (index 0), then each strong channel. */
export interface MapView {
  /** 0: the mean over channels; 1…k: the k-th strongest channel. */
  index: number;
  title: string;
  /** The map's bytes, 0–255 per cell, base64. */
  map: string;
}

export function mapViews(layer: LayerActivations): MapView[] {
  return [
    { index: 0, title: `mean of ${layer.channelCount} channels`, map: layer.mean },
    ...layer.channels.map((c, i) => ({ index: i + 1, title: `channel #${c.index} (strength ${c.strength.toFixed(3)})`, map: c.map })),
  ];
}

/** Steps `delta` maps from `index` among `count`, wrapping round at the ends. */
export function stepMap(index: number, delta: number, count: number): number {
  return count === 0 ? 0 : (((index + delta) % count) + count) % count;
}
