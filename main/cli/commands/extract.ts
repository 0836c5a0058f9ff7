import { z } from 'zod';
import { runExtraction } from '../../application/extract.js';
import { withLibrary } from '../../application/job-context.js';
import type { ExtractReport } from '../../features/extract.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { POOLING_MODES } from '../../ml/tfjs/pooling.js';
import { VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { parseGameSelection } from '../../library/game-selection.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { GAME_SELECTION_OPTION_SPECS, GameSelectionFlags } from './game-selection-flags.js';

const positiveInt = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);

export const BackboneFlags = {
  weights: z.string({ error: 'choose the weights: a name from `filmroom weights list`, or "random"' }).min(1),
  cut: z.enum(VGG16_LAYER_NAMES as [string, ...string[]], { error: `the cut must be a VGG16 layer: ${VGG16_LAYER_NAMES.join(', ')}` }),
  pool: z.enum(POOLING_MODES as unknown as [string, ...string[]], { error: `pooling is one of ${POOLING_MODES.join(', ')}` }),
  grid: positiveInt('--grid').optional(),
  size: positiveInt('--size').optional(),
};

export const BACKBONE_OPTION_SPECS = {
  weights: { type: 'string', valueName: 'W', description: 'weight set name or id (`filmroom weights list`), or random[:SEED]' },
  cut: { type: 'string', valueName: 'LAYER', description: 'the VGG16 layer to cut at, e.g. block3_pool or block5_pool' },
  pool: { type: 'string', valueName: 'P', description: 'pooling of the cut’s map: avg, max, grid or none' },
  grid: { type: 'string', valueName: 'G', description: 'grid side for --pool grid (default 2)' },
  size: { type: 'string', valueName: 'S', description: 'frame size S×S (default: the library’s; 224, or 112 and 64 as fast modes)' },
} as const;

const Options = z
  .object({
    library: z.string().min(1).optional(),
    ...BackboneFlags,
    engine: z.enum(['auto', 'onnx', 'tfjs']).default('auto'),
    ...GameSelectionFlags,
  })
  .strict();

export const extractCommand: Command<z.infer<typeof Options>> = {
  path: ['extract'],
  summary: 'Compute backbone features for every clip lacking them for this signature, and cache them in the library.',
  options: {
    library: LIBRARY_OPTION,
    ...BACKBONE_OPTION_SPECS,
    engine: { type: 'string', valueName: 'E', description: 'auto (ONNX Runtime, else TensorFlow.js), onnx or tfjs' },
    ...GAME_SELECTION_OPTION_SPECS,
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom extract --weights imagenet --cut block5_pool --pool avg', 'filmroom extract --weights random --cut block3_pool --pool grid --size 112 --json'],
  async run(context, options): Promise<ExtractReport> {
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    const bar = context.progressReporter();
    try {
      const request = {
        weights: options.weights, cut: options.cut as 'block5_pool', pooling: options.pool as 'avg', engine: options.engine,
        ...(options.grid ? { grid: options.grid } : {}), ...(options.size ? { size: options.size } : {}),
        games: parseGameSelection(options.games, options.shard),
      };
      const report = await withLibrary(resolveLibraryPath(options.library, context.env), (db) =>
        runExtraction(db, request, { signal: controller.signal, onProgress: ({ done, total, label }) => bar.update(done, total, label) }),
      );
      bar.finish();
      context.info(`Engine    ${report.engine}`);
      context.info(`Features  ${report.dim} per frame (feature set ${report.featureSetId}, signature ${report.signature.slice(0, 12)})`);
      context.info(`Computed  ${report.computed} clips at ${report.framesPerSecond.toFixed(1)} frames/s; ${report.cached} were already cached`);
      for (const error of report.errors) context.info(`  ${error.file}: ${error.reason}`);
      return report;
    } finally {
      bar.finish();
    }
  },
};
