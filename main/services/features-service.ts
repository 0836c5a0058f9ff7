import type { ActivationsRequest, DescribeModelRequest, FeaturesService, FrameActivations } from '../../shared/api/features.js';
import { ActivationsRequest as ActivationsSchema, DescribeModelRequest as DescribeModelSchema } from '../../shared/api/features.js';
import type { ModelDescription } from '../../shared/api/transfer.js';
import { ValidationError } from '../../shared/errors.js';
import { runFilmroomCommand } from '../jobs/child-command.js';

/**
 * Per-block activations for the Features view. The network runs in a child `filmroom activations`
 * process: seconds of computation at 224×224 never stall the front door that asked.
 */
export class FeaturesServiceImpl implements FeaturesService {
  constructor(private readonly libraryPath: string) {}

  async activations(request: ActivationsRequest): Promise<FrameActivations> {
    const r = ActivationsSchema.parse(request);
    const args = ['activations', '--library', this.libraryPath, '--play', String(r.playId), '--frame', String(r.frame), '--weights', r.weights, '--top', String(r.topK)];
    if (r.layers) args.push('--layers', r.layers.join(','));
    return runFilmroomCommand<FrameActivations>(args);
  }

  /**
   * Runs here, not in a child: a zero-weight build takes well under a second even at 224×224.
   * Loaded on first use, so a front door that never describes a model never loads TensorFlow.js.
   */
  async describeModel(request: DescribeModelRequest): Promise<ModelDescription> {
    const r = DescribeModelSchema.parse(request);
    const [{ initTfjs }, { describeTransferModel }] = await Promise.all([import('../ml/tfjs/backend.js'), import('../ml/transfer/describe.js')]);
    await initTfjs();
    try {
      return describeTransferModel(r.spec, { classes: r.classes, frames: r.frames });
    } catch (error) {
      // A spec that cannot be built (a stack too deep for the cut's map, a trainable layer past
      // the cut) is a fault of the request: say so by name, with the builder's own words.
      if (error instanceof RangeError) throw new ValidationError(`This model cannot be built: ${error.message}`);
      throw error;
    }
  }
}
