import { z } from 'zod';
import { parseStackText, type TransferRunResult } from '../../../shared/api/transfer.js';
import { defaultBackboneClassifier } from '../../ml/transfer/stack.js';
import { outputShape } from '../../ml/vgg16/architecture.js';
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
    classifier: { type: 'string', valueName: 'SPEC', description: 'the classifier on the cut during training, as `filmroom stack --layers` (default: the source’s stack, after max-pools down to 16×16)' },
    ...TRANSFER_TRAINING_OPTION_SPECS,
    'lr-backbone': { type: 'string', valueName: 'X', description: 'learning rate of the VGG16 layers (default 0.0001)' },
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom backbone train --cut block3_pool --size 64 --epochs 10 --name mine-b3',
    'filmroom backbone train --from imagenet --cut block2_pool --size 112 --frames 4 --epochs 3 --name court-b2 --json',
  ],
  async run(context, options): Promise<TransferRunResult> {
    const weights = options.from ?? 'random';
    return runTransferCommand(context, options, ({ frameSize }) => runSpecFromFlags(
      options,
      {
        kind: 'frame', backbone: backboneFromFlags(options, weights, options.cut, frameSize), trainable: ['all'],
        stack: options.classifier ? parseStackText(options.classifier) : defaultBackboneClassifier(outputShape(options.cut, options.size ?? frameSize)),
      },
      // Every VGG16 layer learns here, from scratch or not; at 1e-3 a random VGG16 on caffe-range
      // input lost every ReLU within an epoch on synthetic film (constant predictions), at 1e-4 it did not.
      { learningRate: 1e-3, backboneLearningRate: 1e-4 },
    ), options.name);
  },
};
