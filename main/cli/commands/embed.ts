import { z } from 'zod';
import { embedImages, type EmbedResult } from '../../features/embed.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { BACKBONE_OPTION_SPECS, BackboneFlags } from './extract.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    ...BackboneFlags,
    size: BackboneFlags.size.unwrap().default(224),
    engine: z.enum(['auto', 'onnx', 'tfjs']).default('auto'),
    images: z.array(z.string().min(1)).min(1, 'give one or more PNG or JPEG files'),
  })
  .strict();

export const embedCommand: Command<z.infer<typeof Options>> = {
  path: ['embed'],
  summary: 'Print the backbone features of PNG or JPEG files, one row per image in the order given.',
  options: { library: LIBRARY_OPTION, ...BACKBONE_OPTION_SPECS, engine: { type: 'string', valueName: 'E', description: 'auto, onnx or tfjs' } },
  positionals: [{ name: 'images', description: 'one or more image files', variadic: true }],
  schema: Options,
  examples: ['filmroom embed --weights random --cut block5_pool --pool avg --size 224 frame1.png frame2.jpg --json'],
  async run(context, options): Promise<EmbedResult> {
    const room = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'cli' });
    try {
      const result = await embedImages(room.db, options.images, { weights: options.weights, cut: options.cut, pooling: options.pool as 'avg', size: options.size, engine: options.engine, ...(options.grid ? { grid: options.grid } : {}) });
      context.info(`${result.engine}: ${result.shape[0]} images × ${result.shape[1]} features at ${result.layer}`);
      return result;
    } finally {
      await room.close();
    }
  },
};
