import type { ActivationsRequest, FeaturesService, FrameActivations } from '../../shared/api/features.js';
import { ActivationsRequest as ActivationsSchema } from '../../shared/api/features.js';
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
}
