import { describe, expect, it } from 'vitest';
import { ModelSpec } from '../../../shared/api/model-spec.js';
import { aboutDuration, estimateTraining } from '../../../renderer/src/lib/training-estimate.js';

describe('the training form’s time estimate', () => {
  const spec = ModelSpec.parse({ backbone: { weights: 'random', cut: 'block1_pool', pooling: 'avg', size: 224, frames: 40 }, epochs: 30, heldOutFraction: 0.2 });
  const speed = { engine: 'test engine', extractSecondsPerFrame: 0.05, trainSecondsPerClip: 0.01 };

  it('adds the features of the plays not cached to the epochs over the plays, worked out by hand', () => {
    // 500 plays, 100 cached: 400 × 40 frames × 0.05 s = 800 s; each epoch 500 × 0.8 × 0.01 s = 4 s, 30 of them 120 s.
    expect(estimateTraining({ plays: 500, cachedClips: 100, spec, speed })).toEqual({ playsToExtract: 400, extractSeconds: 800, epochs: 30, epochSeconds: 4, totalSeconds: 920 });
    // Everything cached: the epochs alone.
    expect(estimateTraining({ plays: 500, cachedClips: 600, spec, speed }).totalSeconds).toBeCloseTo(120, 9);
  });

  it('says the time in round words', () => {
    expect(aboutDuration(20)).toBe('under a minute');
    expect(aboutDuration(920)).toBe('about 15 min');
    expect(aboutDuration(89 * 60)).toBe('about 89 min');
    expect(aboutDuration(2 * 3600 + 11 * 60)).toBe('about 2 h 10 min');
    expect(aboutDuration(3 * 3600 + 58 * 60)).toBe('about 4 h');
  });
});
