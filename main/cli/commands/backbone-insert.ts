import { z } from 'zod';
import { ValidationError } from '../../../shared/errors.js';
import { insertIdentityLayer } from '../../ml/surgery/insert-layer.js';
import { VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { convParams, convsOf } from '../../ml/vgg16/variants.js';
import { writeKerasH5 } from '../../ml/weights/keras-h5-write.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { withWeightSet, writableOut } from './backbone-surgery.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    weights: z.string({ error: 'choose the weights: a name from `filmroom weights list`, or "random"' }).min(1),
    after: z.enum(VGG16_LAYER_NAMES as [string, ...string[]], { error: `--after must be a VGG16 layer: ${VGG16_LAYER_NAMES.join(', ')}` }),
    kernel: z.enum(['1', '3'], { error: '--kernel must be 1 or 3' }).default('1').transform(Number),
    out: z.string({ error: 'name the .h5 file to write with --out' }).min(1),
  })
  .strict();

export interface InsertResult {
  weights: string;
  layer: string;
  after: string;
  kernelShape: number[];
  paramsAdded: number;
  out: string;
}

export const backboneInsertCommand: Command<z.infer<typeof Options>> = {
  path: ['backbone', 'insert'],
  summary: 'Insert a conv right after a VGG16 layer, initialised to the identity so the backbone computes what it did, and write the weight set as a Keras .h5 file.',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'the weight set to edit (`filmroom weights list`), or random[:SEED]' },
    after: { type: 'string', valueName: 'LAYER', description: 'the VGG16 layer the new conv follows, e.g. block3_conv3' },
    kernel: { type: 'string', valueName: 'K', description: 'the new conv’s kernel side: 1 (default) or 3; as many filters as channels' },
    out: { type: 'string', valueName: 'FILE', description: 'the .h5 file to write (Keras 2 layout; the new layer is <after>_insert<K>x<K>)' },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom backbone insert --weights imagenet --after block3_conv3 --out b3-insert.h5', 'filmroom backbone insert --weights random:1 --after block2_pool --kernel 3 --out x.h5 --json'],
  async run(context, options): Promise<InsertResult> {
    const out = writableOut(options.out);
    return withWeightSet(context, options.library, options.weights, async (_room, { record, weights }) => {
      if (VGG16_LAYER_NAMES.indexOf(options.after) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
        throw new ValidationError(`The weight set "${record.name}" reaches only ${record.upTo}: insert after ${record.upTo} or earlier.`);
      }
      const inserted = insertIdentityLayer(weights, options.after, options.kernel);
      const conv = convsOf(inserted.layers).find((l) => l.name === inserted.name)!;
      await writeKerasH5(inserted.weights, out);
      const result: InsertResult = {
        weights: record.name, layer: inserted.name, after: options.after, kernelShape: [conv.kernel, conv.kernel, conv.inChannels, conv.filters], paramsAdded: convParams(conv), out,
      };
      context.info(`Inserted  ${result.layer} (${conv.kernel}×${conv.kernel}, ${conv.inChannels} → ${conv.filters}, identity; ${result.paramsAdded.toLocaleString('en')} weights) after ${options.after} of "${record.name}"`);
      context.info(`Wrote     ${out}`);
      return result;
    });
  },
};
