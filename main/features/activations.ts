import type { Database } from 'better-sqlite3';
import type { FrameActivations, LayerActivations } from '../../shared/api/features.js';
import { NotFoundError } from '../../shared/errors.js';
import { getClip } from '../library/repositories/clips.js';
import { readSettings } from '../library/repositories/settings.js';
import type { ClipCache } from '../media/clip-cache.js';
import { createTfjsExtractor } from '../ml/tfjs/extractor.js';
import { VGG16_LAYERS, VGG16_LAYER_NAMES } from '../ml/vgg16/architecture.js';
import { loadWeightSet } from './weights-registry.js';

/** What each block of VGG16 tends to respond to, as transfer-learning practice describes it. */
export const BLOCK_NOTES: Readonly<Record<number, string>> = {
  1: 'edges and corners: court lines, player outlines',
  2: 'edges and corners combined into simple shapes',
  3: 'textures, curves and circles: the ball, the hoop, jersey patterns',
  4: 'larger textures and arrangements of parts',
  5: 'high-level parts: players, groups of players, the paint',
};

const toByteMap = (map: Float32Array) => Buffer.from(Uint8Array.from(map, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))).toString('base64');

/** Each block's last layer (its pool), the default choice for the Features view. */
export const BLOCK_LAYERS = VGG16_LAYERS.filter((l) => l.kind === 'pool').map((l) => l.name);

/**
 * For one frame of a play's clip: per layer, the mean activation map and the strongest channels,
 * computed by the TensorFlow.js reference model (it can stop at any layer of one model).
 */
export async function frameActivations(
  db: Database,
  cache: ClipCache,
  options: { playId: number; frame: number; weights: string; layers?: readonly string[]; topK?: number; size?: number },
): Promise<FrameActivations> {
  const { clipFrames, frameSize } = readSettings(db);
  const size = options.size ?? frameSize;
  if (!Number.isInteger(options.frame) || options.frame < 0 || options.frame >= clipFrames) {
    throw new RangeError(`frame must be 0–${clipFrames - 1}, got ${options.frame}`);
  }
  const clip = getClip(db, options.playId, clipFrames, size);
  if (!clip) throw new NotFoundError(`Play ${options.playId} has no ${size}×${size} clip: import its game, or extract features at this size first.`);
  const layers = options.layers ?? BLOCK_LAYERS;
  const deepest = layers.reduce((a, b) => (VGG16_LAYER_NAMES.indexOf(b) > VGG16_LAYER_NAMES.indexOf(a) ? b : a));
  const frameBytes = size * size * 3;
  const rgb = (await cache.readAsync(clip.path)).subarray(options.frame * frameBytes, (options.frame + 1) * frameBytes);
  const { weights } = await loadWeightSet(db, options.weights);
  const extractor = await createTfjsExtractor({ weights, cut: deepest, pooling: 'avg', size });
  try {
    const result: LayerActivations[] = [];
    for (const layer of layers) {
      const maps = await extractor.activations(rgb, layer, options.topK ?? 6);
      const block = VGG16_LAYERS.find((l) => l.name === layer)!.block;
      result.push({
        layer,
        block,
        note: BLOCK_NOTES[block]!,
        width: maps.width,
        height: maps.height,
        channelCount: maps.channelCount,
        mean: toByteMap(maps.mean),
        meanRange: [maps.meanRange[0], maps.meanRange[1]],
        channels: maps.channels.map((c) => ({ index: c.index, strength: c.strength, map: toByteMap(c.map) })),
      });
    }
    return { playId: options.playId, frame: options.frame, size, rgb: Buffer.from(rgb).toString('base64'), layers: result };
  } finally {
    extractor.dispose();
  }
}
