import { z } from 'zod';

/** `--games 1-100` / `--shard i/N`: one unit of a season split over processes or machines. */
export const GameSelectionFlags = {
  games: z.string().regex(/^\s*\d+\s*(-\s*\d+\s*)?(,\s*\d+\s*(-\s*\d+\s*)?)*$/, '--games takes positions and ranges such as 1-100 or 1-10,15').optional(),
  shard: z.string().regex(/^\d+\/\d+$/, '--shard takes i/N, e.g. 2/8').optional(),
};

export const GAME_SELECTION_OPTION_SPECS = {
  games: { type: 'string', valueName: 'RANGE', description: 'only these games, by position in video file name order (1-based): 1-100, or 1-10,15' },
  shard: { type: 'string', valueName: 'i/N', description: 'only every N-th game from the i-th (file name order): one of N disjoint units' },
} as const;
