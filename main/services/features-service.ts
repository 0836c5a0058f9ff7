import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ActivationsRequest, FeaturesService, FrameActivations } from '../../shared/api/features.js';
import { ActivationsRequest as ActivationsSchema } from '../../shared/api/features.js';
import { deserializeError } from '../../shared/errors.js';
import { fromSnakeCase } from '../cli/output.js';
import { packageRoot } from '../system/package-paths.js';

/**
 * Per-block activations for the Features view. The network runs in a child `filmroom activations`
 * process: seconds of computation at 224×224 never stall the front door that asked.
 */
export class FeaturesServiceImpl implements FeaturesService {
  constructor(private readonly libraryPath: string) {}

  async activations(request: ActivationsRequest): Promise<FrameActivations> {
    const r = ActivationsSchema.parse(request);
    const args = ['activations', '--library', this.libraryPath, '--play', String(r.playId), '--frame', String(r.frame), '--weights', r.weights, '--top', String(r.topK), '--json'];
    if (r.layers) args.push('--layers', r.layers.join(','));
    const { code, stdout } = await runChild(args);
    const parsed = JSON.parse(stdout || '{}') as { error?: { name: string; message: string } };
    if (code !== 0 || parsed.error) throw deserializeError(parsed.error ?? { name: 'Error', message: `filmroom activations exited with ${code}` });
    return fromSnakeCase(parsed) as FrameActivations;
  }
}

function runChild(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'filmroom.js'), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}
