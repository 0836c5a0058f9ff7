import { describe, expect, it } from 'vitest';
import { specFromFlags } from '../../../main/cli/commands/train.js';

const defaults = { weights: 'random:0', size: 64 };

describe('filmroom train flags', () => {
  it('--flips sets the spec’s mirror augmentation; left out, the spec does not flip', () => {
    expect(specFromFlags({ backend: 'auto', pool: 'grid', grid: 8, cut: 'block1_pool', flips: 'both' }, defaults).augment).toEqual({ flips: 'both' });
    expect(specFromFlags({ backend: 'auto', pool: 'grid', grid: 8, cut: 'block1_pool', flips: 'horizontal' }, defaults).augment).toEqual({ flips: 'horizontal' });
    expect(specFromFlags({ backend: 'auto' }, defaults).augment).toEqual({ flips: 'none' });
  });

  it('refuses flips without grid pooling, saying why', () => {
    expect(() => specFromFlags({ backend: 'auto', pool: 'avg', flips: 'both' }, defaults)).toThrow(/flips mirror a grid of features: they need pooling "grid"/);
  });

  it('--lr-plateau N halves the rate after N stalled epochs, down to a sixteenth; left out, the rate is constant', () => {
    expect(specFromFlags({ backend: 'auto', lr: 0.002, 'lr-plateau': 5 }, defaults).optimizer).toEqual({ name: 'adam', learningRate: 0.002, plateau: { patience: 5, factor: 0.5, minFactor: 1 / 16 } });
    expect(specFromFlags({ backend: 'auto' }, defaults).optimizer.plateau).toBeUndefined();
    expect(() => specFromFlags({ backend: 'auto', 'lr-plateau': 0 }, defaults)).toThrow(/plateau/);
  });
});
