import { z } from 'zod';
import { HeadSpec } from '../../../shared/api/model-spec.js';
import { SOURCE_STACK, StackLayers, parseStackText, type TransferRunResult } from '../../../shared/api/transfer.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { TRANSFER_TRAINING_OPTION_SPECS, TransferTrainingFlags, backboneFromFlags, cutFlag, runSpecFromFlags, runTransferCommand, trainableFlag } from './finetune.js';

const Options = z
  .object({
    ...TransferTrainingFlags,
    weights: z.string({ error: 'choose the weights: a name from `filmroom weights list`, or "random"' }).min(1),
    on: cutFlag('--on'),
    layers: z.string().min(1).optional(),
    trainable: trainableFlag.optional(),
    'per-clip': z.boolean().optional(),
    cell: z.enum(['lstm', 'gru']).optional(),
    units: z.string().regex(/^\d+$/, '--units must be a whole number').transform(Number).optional(),
  })
  .strict();

export const stackCommand: Command<z.infer<typeof Options>> = {
  path: ['stack'],
  summary: 'Stack a new network on any VGG16 layer and train it to classify plays, per frame (default) or per clip through the RNN head; evaluates on held-out games.',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'the backbone’s weight set (`filmroom weights list`), or random[:SEED]' },
    on: { type: 'string', valueName: 'LAYER', description: 'the VGG16 layer to stack on, e.g. block2_pool' },
    layers: {
      type: 'string', valueName: 'SPEC',
      description: 'the stack, bottom first (default: the source’s conv2d:64:3,maxPool2d:2,flatten,dense:256,dropout:0.5); also gap, layerNorm, avgPool2d, globalMaxPool2d',
    },
    trainable: { type: 'string', valueName: 'L', description: 'VGG16 layers that train too (default none: the backbone is frozen)' },
    'per-clip': { type: 'boolean', description: 'classify whole clips: the stack per frame, then the RNN head' },
    cell: { type: 'string', valueName: 'C', description: 'with --per-clip: lstm (default) or gru' },
    units: { type: 'string', valueName: 'N', description: 'with --per-clip: units of the recurrent layer (default 64)' },
    ...TRANSFER_TRAINING_OPTION_SPECS,
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom stack --weights imagenet --on block2_pool --epochs 5 --size 112 --frames 8',
    'filmroom stack --weights imagenet --on block3_pool --layers conv2d:128:3,gap,dense:64,dropout:0.3 --json',
    'filmroom stack --weights imagenet --on block4_pool --layers gap,dense:128 --per-clip --cell gru --units 32',
  ],
  async run(context, options): Promise<TransferRunResult> {
    const stack = options.layers ? parseStackText(options.layers) : StackLayers.parse(SOURCE_STACK);
    const trainable = options.trainable ?? [];
    return runTransferCommand(context, options, ({ frameSize }) => {
      const backbone = backboneFromFlags(options, options.weights, options.on, frameSize);
      if (!options['per-clip']) return runSpecFromFlags(options, { kind: 'frame', backbone, trainable, stack });
      const head = HeadSpec.omit({ masking: true }).parse({ ...(options.cell ? { cell: options.cell } : {}), ...(options.units !== undefined ? { units: options.units } : {}) });
      return runSpecFromFlags(options, { kind: 'clip', backbone, trainable, stack, head });
    });
  },
};
