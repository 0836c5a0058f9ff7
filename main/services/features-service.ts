import type { ActivationsRequest, DescribeModelRequest, FeaturesService, FrameActivations } from '../../shared/api/features.js';
import { ActivationsRequest as ActivationsSchema, DescribeModelRequest as DescribeModelSchema } from '../../shared/api/features.js';
import type { ModelDescription } from '../../shared/api/transfer.js';
import { ValidationError } from '../../shared/errors.js';
import type { WorkerRunner } from '../jobs/run-in-worker.js';

/**
 * Per-block activations for the Features view. The network runs in a worker process (an
 * `activations` job): seconds of computation at 224×224 never stall the front door that asked.
 */
export class FeaturesServiceImpl implements FeaturesService {
  constructor(private readonly workers: WorkerRunner) {}

  async activations(request: ActivationsRequest): Promise<FrameActivations> {
    return this.workers.run({ kind: 'activations', request: ActivationsSchema.parse(request) });
  }

  /**
   * Runs here, not in a worker: a zero-weight build takes well under a second even at 224×224.
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
