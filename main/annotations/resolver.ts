/**
 * A play type resolver that can also say which play types exist, so that a row with an unknown
 * name is reported with the names the user could have meant.
 */
import { createPlayTypeResolver, type PlayType } from '../../shared/taxonomy.js';
import type { PlayTypeResolver } from './types.js';

export interface KnownPlayTypeResolver extends PlayTypeResolver {
  /** The play type ids, in the taxonomy's order. */
  readonly known: readonly string[];
}

export function createAnnotationResolver(playTypes: readonly PlayType[]): KnownPlayTypeResolver {
  const resolve = createPlayTypeResolver(playTypes);
  return Object.assign((spelling: string) => resolve(spelling), { known: playTypes.map((t) => t.id) });
}

/**
 * Any resolver works with the readers (a plain function gives a shorter message); the list is
 * read off the function when it carries one.
 */
export function unknownPlayTypeReason(spelling: string, resolve: PlayTypeResolver): string {
  const known = (resolve as Partial<KnownPlayTypeResolver>).known;
  return `unknown play type "${spelling}"${known?.length ? ` (known: ${known.join(', ')})` : ''}`;
}
