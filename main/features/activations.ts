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

/** Which frames of a play's clip to compute, and how. */
export interface ClipActivationsOptions {
  playId: number;
  /** Clip frames, computed in this order (the one the analyst waits for first). */
  frames: readonly number[];
  weights: string;
  layers?: readonly string[];
  topK?: number;
  size?: number;
  /** Checked between frames: a stop keeps the frames already computed and returns them. */
  signal?: AbortSignal | undefined;
  /** Each frame as soon as it is computed. */
  onFrame?: ((frame: FrameActivations) => void) | undefined;
}

/**
 * For each asked frame of a play's clip: per layer, the mean activation map and the strongest
 * channels, computed by the TensorFlow.js reference model (it can stop at any layer of one model).
 * The weights are loaded and the model built once for all the frames, and each frame takes one
 * forward pass to its deepest layer: that is what makes stepping through a clip fast.
 */
export async function clipActivations(db: Database, cache: ClipCache, options: ClipActivationsOptions): Promise<FrameActivations[]> {
  const { clipFrames, frameSize } = readSettings(db);
  const size = options.size ?? frameSize;
  for (const frame of options.frames) {
    if (!Number.isInteger(frame) || frame < 0 || frame >= clipFrames) throw new RangeError(`frame must be 0–${clipFrames - 1}, got ${frame}`);
  }
  const clip = getClip(db, options.playId, clipFrames, size);
  if (!clip) throw new NotFoundError(`Play ${options.playId} has no ${size}×${size} clip: import its game, or extract features at this size first.`);
  const layers = options.layers ?? BLOCK_LAYERS;
  const deepest = layers.reduce((a, b) => (VGG16_LAYER_NAMES.indexOf(b) > VGG16_LAYER_NAMES.indexOf(a) ? b : a));
  const frameBytes = size * size * 3;
  const bytes = await cache.readAsync(clip.path);
  const { weights } = await loadWeightSet(db, options.weights);
  const extractor = await createTfjsExtractor({ weights, cut: deepest, pooling: 'avg', size });
  try {
    const out: FrameActivations[] = [];
    for (const frame of options.frames) {
      if (options.signal?.aborted && out.length > 0) break;
      const rgb = bytes.subarray(frame * frameBytes, (frame + 1) * frameBytes);
      const maps = await extractor.layerActivations(rgb, layers, options.topK ?? 6);
      const result: LayerActivations[] = maps.map((m) => {
        const block = VGG16_LAYERS.find((l) => l.name === m.layer)!.block;
        return {
          layer: m.layer,
          block,
          note: BLOCK_NOTES[block]!,
          width: m.width,
          height: m.height,
          channelCount: m.channelCount,
          mean: toByteMap(m.mean),
          meanRange: [m.meanRange[0], m.meanRange[1]],
          channels: m.channels.map((c) => ({ index: c.index, strength: c.strength, map: toByteMap(c.map) })),
        };
      });
      const computed: FrameActivations = { playId: options.playId, frame, size, rgb: Buffer.from(rgb).toString('base64'), layers: result };
      out.push(computed);
      options.onFrame?.(computed);
      // The forward pass never yields to the event loop: without this turn, the frame just sent
      // would wait in the pipe for the whole clip, and a stop would be read only at the end.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  } finally {
    extractor.dispose();
  }
}

/** One frame of a play's clip (`filmroom activations`): see clipActivations. */
export async function frameActivations(
  db: Database,
  cache: ClipCache,
  options: { playId: number; frame: number; weights: string; layers?: readonly string[]; topK?: number; size?: number },
): Promise<FrameActivations> {
  const { frame, ...rest } = options;
  return (await clipActivations(db, cache, { ...rest, frames: [frame] }))[0]!;
}
