import type { Database } from 'better-sqlite3';
import { insertGame, type NewGame } from '../../main/library/repositories/games.js';
import { insertPlay } from '../../main/library/repositories/plays.js';
import { ensureSeason } from '../../main/library/repositories/seasons.js';
import { ensureTeam } from '../../main/library/repositories/teams.js';

let hash = 0;

/** A game row as an import would write it (no real video: these tests exercise the library only). */
export function seedGame(db: Database, overrides: Partial<NewGame> & { season?: string } = {}): number {
  const { season, ...rest } = overrides;
  hash += 1;
  return insertGame(db, {
    seasonId: season ? ensureSeason(db, season) : null,
    name: `Game ${hash}`,
    date: '2026-01-01',
    homeTeamId: ensureTeam(db, 'Home'),
    awayTeamId: ensureTeam(db, 'Away'),
    videoPath: `/videos/game-${hash}.mp4`,
    contentHash: `sha256-${hash}`,
    durationS: 600,
    fps: 30,
    width: 640,
    height: 360,
    codec: 'h264',
    status: 'ready',
    ...rest,
  });
}

export function seedPlay(db: Database, gameId: number, startS: number, playType: string, endS = startS + 6): number {
  return insertPlay(db, {
    gameId,
    startS,
    endS,
    playType,
    labelSource: 'imported',
    teamId: null,
    period: 1,
    clock: null,
    externalId: null,
    tags: [],
  }).id;
}
