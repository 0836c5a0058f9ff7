// The default taxonomy's resolver, as the importer builds it: every test reads with the real aliases.
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };
import { createAnnotationResolver } from '../../../main/annotations/index.js';
import { TaxonomySchema } from '../../../shared/taxonomy.js';

export const playTypes = TaxonomySchema.parse(defaultTaxonomy).playTypes;
export const resolve = createAnnotationResolver(playTypes);
export const KNOWN = 'Transition, Isolation, PRBallHandler, PRRollman, Postup, Spotup, Handoff, Cut, OffScreen, OffRebound, Misc';
