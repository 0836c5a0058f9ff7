import { describe, expect, it } from 'vitest';
import { weightSetNameProblem } from '../../../renderer/src/lib/weight-set-name.js';

describe('weightSetNameProblem', () => {
  it('accepts a file-safe name and an empty field, and says why a name is refused', () => {
    expect(weightSetNameProblem('')).toBeNull();
    expect(weightSetNameProblem('tuned-b5.v2')).toBeNull();
    expect(weightSetNameProblem('tuned b5')).toMatch(/^This name cannot be used: a weight set name uses letters, digits/);
    expect(weightSetNameProblem('-tuned')).toMatch(/starts with a letter or digit/);
    expect(weightSetNameProblem('random')).toMatch(/reserved for random initialisation/);
  });
});
