import { describe, expect, it } from 'vitest';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };
import { createPlayTypeResolver, TaxonomySchema } from '../../../shared/taxonomy.js';

describe('the default taxonomy', () => {
  const taxonomy = TaxonomySchema.parse(defaultTaxonomy);
  const resolve = createPlayTypeResolver(taxonomy.playTypes);

  it('has the 11 play types of PLAY_TYPES.md, with the stats API ids', () => {
    expect(taxonomy.playTypes.map((t) => t.id)).toEqual([
      'Transition', 'Isolation', 'PRBallHandler', 'PRRollman', 'Postup', 'Spotup', 'Handoff', 'Cut', 'OffScreen', 'OffRebound', 'Misc',
    ]);
  });

  it('maps the spellings importers must accept', () => {
    const expected: Record<string, string> = {
      'P&R Ball Handler': 'PRBallHandler', PRBallHandler: 'PRBallHandler', 'Pick and Roll Ball Handler': 'PRBallHandler',
      PRRollMan: 'PRRollman', 'P&R Roll Man': 'PRRollman', Putbacks: 'OffRebound', OffRebound: 'OffRebound',
      'Offensive Rebound': 'OffRebound', 'Post-Up': 'Postup', Postup: 'Postup', 'Spot-Up': 'Spotup', Spotup: 'Spotup',
      'Hand Off': 'Handoff', Handoff: 'Handoff', 'All Other Plays': 'Misc', Misc: 'Misc', '  transition ': 'Transition',
    };
    for (const [spelling, id] of Object.entries(expected)) expect(resolve(spelling), spelling).toBe(id);
  });

  it('gives no id for an unknown name: it is a row error, never a new class', () => {
    expect(resolve('Alley-oop')).toBeUndefined();
    expect(resolve('')).toBeUndefined();
  });

  it('has no spelling claimed by two play types', () => {
    const seen = new Map<string, string>();
    for (const type of taxonomy.playTypes) {
      for (const alias of [type.id, type.name, ...type.aliases]) {
        const key = alias.toLowerCase().replace(/[\s._:\-/]+/g, '');
        expect(seen.get(key) ?? type.id, `${alias} is claimed by ${seen.get(key)} and ${type.id}`).toBe(type.id);
        seen.set(key, type.id);
      }
    }
  });
});
