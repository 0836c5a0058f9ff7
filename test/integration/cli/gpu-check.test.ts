import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'gpu-check.sh');

/** This machine has no NVIDIA GPU: the check must say so and stop, never hang or measure the CPU twice. */
describe('npm run gpu-check without a GPU', () => {
  it('fails at once with exit 3 and a message that says why', () => {
    const run = spawnSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: '/usr/bin:/bin' } });
    expect(run.error).toBeUndefined(); // not killed by the time limit
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^gpu-check: no NVIDIA GPU found: nvidia-smi is not installed/m);
  });

  it('a driver tool that answers with an error is a clear failure too', () => {
    const run = spawnSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FILMROOM_NVIDIA_SMI: 'false' } });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^gpu-check: no NVIDIA GPU found: false failed/m);
  });
});
