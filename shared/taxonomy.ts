import { z } from 'zod';

/** How a play's label came to be: read from an annotation file, set by an analyst, or predicted. */
export const LABEL_SOURCES = ['imported', 'analyst', 'model'] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** A play type id as the NBA stats API spells it (`PRBallHandler`), or a user's own. */
export const PlayTypeId = z
  .string()
  .min(1, 'a play type id must not be empty')
  .max(64, 'a play type id is at most 64 characters')
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a play type id uses letters, digits, "_" and "-" and starts with a letter');

export const PlayTypeSchema = z.object({
  id: PlayTypeId,
  name: z.string().min(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb'),
  description: z.string(),
  aliases: z.array(z.string().min(1)),
});
export type PlayType = z.infer<typeof PlayTypeSchema>;

export const TaxonomySchema = z.object({
  name: z.string().min(1),
  playTypes: z
    .array(PlayTypeSchema)
    .min(2, 'a taxonomy needs at least two play types')
    .refine((types) => new Set(types.map((t) => t.id)).size === types.length, 'play type ids must be unique'),
});
export type Taxonomy = z.infer<typeof TaxonomySchema>;

/** Case, spacing and punctuation do not distinguish spellings: "P&R Ball Handler" = "p & r ball-handler". */
export function aliasKey(spelling: string): string {
  return spelling.normalize('NFKC').toLowerCase().replace(/[\s._:\-/]+/g, '');
}

/**
 * Maps every accepted spelling of a play type to its id. An unknown spelling gives `undefined`:
 * importers report it as a row error rather than inventing a class.
 */
export function createPlayTypeResolver(playTypes: readonly PlayType[]): (spelling: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const type of playTypes) {
    for (const spelling of [type.id, type.name, ...type.aliases]) byKey.set(aliasKey(spelling), type.id);
  }
  return (spelling) => byKey.get(aliasKey(spelling));
}
