import { z } from 'zod';
import { BACKBONE_CLASSIFIER, StackLayers, parseStackText, type TransferRunResult } from '../../../shared/api/transfer.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { TRANSFER_TRAINING_OPTION_SPECS, TransferTrainingFlags, backboneFromFlags, cutFlag, runSpecFromFlags, runTransferCommand } from './finetune.js';

const Options = z
  .object({
    ...TransferTrainingFlags,
    cut: cutFlag('--cut'),
    name: z.string({ error: 'name the new weight set with --name' }).min(1),
    from: z.string().min(1).optional(),
    classifier: z.string().min(1).optional(),
  })
  .strict();

export const backboneTrainCommand: Command<z.infer<typeof Options>> = {
  path: ['backbone', 'train'],
  summary: 'Train your own VGG16 backbone weights on the library’s frames (each labelled with its play’s type), save them as a Keras .h5 weight set and register it.',
  options: {
    library: LIBRARY_OPTION,
    cut: { type: 'string', valueName: 'LAYER', description: 'the deepest VGG16 layer to train (the weight set reaches it)' },
    name: { type: 'string', valueName: 'NAME', description: 'the new weight set’s name (`filmroom extract --weights NAME`)' },
    from: { type: 'string', valueName: 'W', description: 'start from this weight set (default: random, Keras’s initialisation)' },
    classifier: { type: 'string', valueName: 'SPEC', description: 'the small classifier on the cut during training (default gap,layerNorm), as `filmroom stack --layers`' },
    ...TRANSFER_TRAINING_OPTION_SPECS,
    'lr-backbone': { type: 'string', valueName: 'X', description: 'learning rate of the VGG16 layers (default 0.001 from random weights, 0.0001 with --from)' },
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom backbone train --cut block3_pool --size 64 --epochs 10 --name mine-b3',
    'filmroom backbone train --from imagenet --cut block2_pool --size 112 --frames 4 --epochs 3 --name court-b2 --json',
  ],
  async run(context, options): Promise<TransferRunResult> {
    const stack = options.classifier ? parseStackText(options.classifier) : StackLayers.parse(BACKBONE_CLASSIFIER);
    const weights = options.from ?? 'random';
    return runTransferCommand(context, options, ({ frameSize }) => runSpecFromFlags(
      options,
      { kind: 'frame', backbone: backboneFromFlags(options, weights, options.cut, frameSize), trainable: ['all'], stack },
      // From random weights every layer learns from scratch: no reason to hold the backbone back.
      { learningRate: 1e-3, backboneLearningRate: options.from ? 1e-4 : 1e-3 },
    ), options.name);
  },
};
