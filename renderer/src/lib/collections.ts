/** A lookup table built once from a list; callers rebuild it rather than mutate it. */
export function indexBy<T, K>(items: readonly T[], keyOf: (item: T) => K): ReadonlyMap<K, T> {
  return new Map(items.map((item) => [keyOf(item), item]));
}
