import { describe, expect, it } from 'vitest';
import { engineReport } from '../../../main/ml/engine-report.js';
import { defaultProviders, openVggSession } from '../../../main/ml/onnx/session.js';

describe('the engines the UI names are the ones in use', () => {
  it('names the provider a session will try first, then the one a session actually runs on', async () => {
    // No NVIDIA driver or CUDA provider library on this machine: the CPU is what will run.
    expect(defaultProviders({})).toEqual(['cpu']);
    expect((await engineReport()).inference).toMatch(/^ONNX Runtime \d+\.\d+\.\d+ \(cpu\)$/);

    // Asked for CUDA first, the session falls back to the CPU; the report says so, not "cuda".
    const opened = await openVggSession({ cut: 'block1_pool', size: 32, pooling: 'avg', providers: ['cuda'], threads: 1 });
    try {
      expect(opened.provider).toBe('cpu');
      const inference = (await engineReport()).inference;
      expect(inference).toMatch(/^ONNX Runtime \d+\.\d+\.\d+ \(cpu; cuda unavailable: /);
      expect(opened.engine).toMatch(/\(cpu, 1 thread\); cuda unavailable: /);
    } finally {
      await opened.session.release();
    }
  });

  it('FILMROOM_ONNX_PROVIDERS chooses by hand, and a wrong name is refused with the valid ones', () => {
    expect(defaultProviders({ FILMROOM_ONNX_PROVIDERS: 'cuda,cpu' })).toEqual(['cuda', 'cpu']);
    expect(() => defaultProviders({ FILMROOM_ONNX_PROVIDERS: 'cuda,tpu' })).toThrow(/"tpu" is not one of/);
  });
});
