/**
 * Which games one unit of work takes, so a season can be split over processes or machines by any
 * scheduler: `--games 1-100` (1-based positions in a stable order, ranges and commas) or
 * `--shard i/N` (every N-th game from the i-th). The order is by video file name, the same on every
 * machine that sees the same season folder, so the units are disjoint and together cover it all.
 */
export type GameSelection = { kind: 'all' } | { kind: 'positions'; ranges: [number, number][] } | { kind: 'shard'; index: number; count: number };

export class GameSelectionError extends Error {
  override readonly name = 'GameSelectionError';
}

export function parseGameSelection(games: string | undefined, shard: string | undefined): GameSelection {
  if (games !== undefined && shard !== undefined) throw new GameSelectionError('Give --games or --shard, not both.');
  if (shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(shard.trim());
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || count < 1 || index < 1 || index > count) throw new GameSelectionError(`--shard ${shard}: expected i/N with 1 ≤ i ≤ N, e.g. 2/8`);
    return { kind: 'shard', index, count };
  }
  if (games !== undefined) {
    const ranges = games.split(',').map((part): [number, number] => {
      const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
      const from = Number(match?.[1]);
      const to = match?.[2] !== undefined ? Number(match[2]) : from;
      if (!match || from < 1 || to < from) throw new GameSelectionError(`--games ${games}: "${part}" is not a position or range like 1-100 (positions start at 1)`);
      return [from, to];
    });
    return { kind: 'positions', ranges };
  }
  return { kind: 'all' };
}

/** The items this unit takes, in their given order (positions are 1-based in that order). */
export function selectGames<T>(ordered: readonly T[], selection: GameSelection): T[] {
  switch (selection.kind) {
    case 'all':
      return [...ordered];
    case 'shard':
      return ordered.filter((_, i) => i % selection.count === selection.index - 1);
    case 'positions':
      return ordered.filter((_, i) => selection.ranges.some(([from, to]) => i + 1 >= from && i + 1 <= to));
  }
}

export function describeSelection(selection: GameSelection): string {
  if (selection.kind === 'shard') return `shard ${selection.index}/${selection.count}`;
  if (selection.kind === 'positions') return `games ${selection.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`;
  return 'all games';
}
