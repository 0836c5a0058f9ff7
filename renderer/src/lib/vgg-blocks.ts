/**
 * VGG16's five blocks as the Training form offers them for the cut point, with what each tends to
 * see (as transfer-learning practice has it: blocks 1–2 low-level edges and corners, 3–4 textures, curves and
 * circles, 5 high-level parts), and the size of the feature vector a cut gives each frame.
 */
import { VGG16_LAYER_NAMES } from '../../../shared/api/vgg16-layers.js';

export type Vgg16Layer = (typeof VGG16_LAYER_NAMES)[number];
export type Pooling = 'avg' | 'max' | 'grid' | 'none';

export interface CutBlock {
  block: 1 | 2 | 3 | 4 | 5;
  layer: Vgg16Layer;
  /** Filters of the block's convolutions: the channels its pool gives. */
  channels: number;
  sees: string;
}

export const CUT_BLOCKS: readonly CutBlock[] = [
  { block: 1, layer: 'block1_pool', channels: 64, sees: 'Low-level features: edges and corners (court lines, player outlines).' },
  { block: 2, layer: 'block2_pool', channels: 128, sees: 'Low-level features: edges and corners, joined into short lines.' },
  { block: 3, layer: 'block3_pool', channels: 256, sees: 'Mid-level features: textures, curves and circles (ball, rim, paint).' },
  { block: 4, layer: 'block4_pool', channels: 512, sees: 'Mid-level features: textures, curves and circles at player scale.' },
  { block: 5, layer: 'block5_pool', channels: 512, sees: 'High-level features: parts of things (bodies, arms, the basket).' },
];

/** The layers that are not a block's pool: allowed as cut points, offered apart. */
export const OTHER_LAYERS: readonly Vgg16Layer[] = VGG16_LAYER_NAMES.filter((name) => !name.endsWith('_pool'));

export const POOLINGS: readonly { value: Pooling; label: string; help: string }[] = [
  { value: 'avg', label: 'Average', help: 'Mean of each channel over the map: one number per channel, robust to where things are.' },
  { value: 'max', label: 'Max', help: 'Strongest response of each channel anywhere in the frame.' },
  { value: 'grid', label: 'Grid', help: 'Average over each cell of a grid (e.g. 2×2): keeps rough court position.' },
  { value: 'none', label: 'None (flatten)', help: 'The whole map, flattened: every position kept; very large vectors.' },
];

export function isVgg16Layer(name: string): name is Vgg16Layer {
  return (VGG16_LAYER_NAMES as readonly string[]).includes(name);
}

/** 1–5 for any VGG16 layer name, else undefined. */
export function blockOf(layer: string): number | undefined {
  const match = /^block([1-5])_/.exec(layer);
  return match && isVgg16Layer(layer) ? Number(match[1]) : undefined;
}

/** Whether a weight set that reaches `upTo` has weights for every layer up to `cut`. */
export function reaches(upTo: string, cut: string): boolean {
  const last = VGG16_LAYER_NAMES.indexOf(upTo as Vgg16Layer);
  const wanted = VGG16_LAYER_NAMES.indexOf(cut as Vgg16Layer);
  return last === -1 || wanted <= last;
}

/**
 * The map a cut gives for S×S frames: side and channels. Each pool halves the side (rounding down,
 * as Keras does); each conv sets the channels to its block's filters.
 */
export function mapShape(cut: Vgg16Layer, size: number): { side: number; channels: number } {
  let side = size;
  let channels = 3;
  for (const name of VGG16_LAYER_NAMES.slice(0, VGG16_LAYER_NAMES.indexOf(cut) + 1)) {
    if (name.endsWith('_pool')) side = Math.floor(side / 2);
    else channels = CUT_BLOCKS[Number(name[5]) - 1]!.channels;
  }
  return { side, channels };
}

/** Numbers per frame that the head reads: channels, channels·grid², or the whole flattened map. */
export function featureDim(cut: Vgg16Layer, pooling: Pooling, size: number, grid = 2): number {
  const { side, channels } = mapShape(cut, size);
  if (pooling === 'grid') return channels * grid * grid;
  if (pooling === 'none') return side * side * channels;
  return channels;
}
