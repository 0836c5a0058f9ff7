import { describe, expect, it } from 'vitest';
import { toSnakeCase } from '../../../main/cli/output.js';

describe('the CLI’s JSON', () => {
  it('snake-cases camelCase keys at every depth and leaves other keys and values alone', () => {
    expect(toSnakeCase({ gamesAdded: 2, errors: [{ lineNumber: 3, reason: 'keepCamelValue' }], Team: 1, nested: { weightSets: 0 } })).toEqual({
      games_added: 2,
      errors: [{ line_number: 3, reason: 'keepCamelValue' }],
      Team: 1,
      nested: { weight_sets: 0 },
    });
  });
});
