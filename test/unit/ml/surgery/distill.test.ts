import { beforeAll, describe, expect, it } from 'vitest';
import { initialBlock1, meanSquaredError } from '../../../../main/ml/surgery/distill.js';
import { buildBlock1Student, buildBlock1Teacher } from '../../../../main/ml/surgery/variant-backbone.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { filmLikeFrames } from './frames.js';

const SIZE = 32;

beforeAll(async () => {
  await initTfjs('cpu');
});

describe('the 5×5 student’s starting kernel', () => {
  it('composed from block1’s two 3×3 kernels, starts closer to block1’s output than a Glorot draw', async () => {
    const weights = randomWeights(2, 'block1_pool');
    const frames = filmLikeFrames(4, SIZE, 5);
    const teacher = buildBlock1Teacher(weights, SIZE);
    const error = async (init: 'composed' | 'glorot') => {
      const student = buildBlock1Student(initialBlock1(weights, init, 1), SIZE, { frozen: true });
      try {
        return await meanSquaredError(teacher, student, frames, [0, 1, 2, 3], 4);
      } finally {
        student.dispose();
      }
    };
    const composed = await error('composed');
    const glorot = await error('glorot');
    teacher.dispose();
    expect(composed).toBeLessThan(glorot);
  });

  it('needs the original block1', () => {
    expect(() => initialBlock1(new Map(), 'composed', 1)).toThrow(/has no block1_conv1/);
  });
});
