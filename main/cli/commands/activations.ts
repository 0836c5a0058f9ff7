import { z } from 'zod';
import type { FrameActivations } from '../../../shared/api/features.js';
import { runActivations } from '../../application/activations.js';
import { withLibrary } from '../../application/job-context.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { LIBRARY_OPTION, type Command } from '../command.js';

const whole = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);

const Options = z
  .object({
    library: z.string().min(1).optional(),
    weights: z.string().min(1).default('random'),
    play: whole('--play'),
    frame: whole('--frame').default(20),
    layers: z
      .string()
      .transform((text) => text.split(',').map((l) => l.trim()).filter(Boolean))
      .refine((layers) => layers.length > 0 && layers.every((l) => VGG16_LAYER_NAMES.includes(l)), `--layers lists VGG16 layers, e.g. block1_pool,block3_conv3`)
      .optional(),
    top: whole('--top').default(6),
    size: whole('--size').optional(),
  })
  .strict();

export const activationsCommand: Command<z.infer<typeof Options>> = {
  path: ['activations'],
  summary: 'For one frame of a play: each VGG16 block’s mean activation map and strongest channels (the Features view’s data).',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'weight set (default: random)' },
    play: { type: 'string', valueName: 'ID', description: 'the play' },
    frame: { type: 'string', valueName: 'N', description: 'the clip frame, 0–39 (default 20)' },
    layers: { type: 'string', valueName: 'L,L', description: 'layers (default: each block’s pool)' },
    top: { type: 'string', valueName: 'K', description: 'strongest channels per layer (default 6)' },
    size: { type: 'string', valueName: 'S', description: 'frame size (default: the library’s)' },
  },
  positionals: [],
  schema: Options,
  async run(context, options): Promise<FrameActivations> {
    const result = await withLibrary(resolveLibraryPath(options.library, context.env), (db) =>
      runActivations(db, { playId: options.play, frame: options.frame, weights: options.weights, topK: options.top, layers: options.layers, size: options.size }),
    );
    for (const layer of result.layers) {
      context.info(`${layer.layer.padEnd(14)} ${layer.width}×${layer.height}×${layer.channelCount}  strongest: ${layer.channels.map((c) => `#${c.index}`).join(' ')}  (${layer.note})`);
    }
    return result;
  },
};
