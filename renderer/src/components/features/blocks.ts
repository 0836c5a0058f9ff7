/**
 * VGG16's five blocks as the Features view describes them. The shapes are at the network's
 * native 224×224 input: each block halves the map and (up to 512) doubles the filters.
 */
export interface BlockInfo {
  n: 1 | 2 | 3 | 4 | 5;
  convs: number;
  filters: number;
  /** Its pool's output at 224×224. */
  out: string;
  /** The layer the view shows for the block: its pool, the usual cut point. */
  layer: `block${number}_pool`;
  /** What the block responds to, in one line (common transfer-learning lore). */
  sees: string;
}

export const BLOCKS: readonly BlockInfo[] = [
  { n: 1, convs: 2, filters: 64, out: '112×112×64', layer: 'block1_pool', sees: 'Edges and corners: court lines, the outlines of players and the ball.' },
  { n: 2, convs: 2, filters: 128, out: '56×56×128', layer: 'block2_pool', sees: 'Edges and corners, combined into short lines and simple shapes.' },
  { n: 3, convs: 3, filters: 256, out: '28×28×256', layer: 'block3_pool', sees: 'Textures, curves and circles: the ball, the rim, the paint.' },
  { n: 4, convs: 3, filters: 512, out: '14×14×512', layer: 'block4_pool', sees: 'Textures, curves and circles at player scale: jerseys, outlines, clusters.' },
  { n: 5, convs: 3, filters: 512, out: '7×7×512', layer: 'block5_pool', sees: 'High-level parts: bodies, arms up for a shot, the basket as a whole.' },
];

