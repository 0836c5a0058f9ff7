import type { Database } from 'better-sqlite3';
import { CancelledError } from '../../shared/errors.js';
import type { AnnotationError, AnnotationRow } from '../annotations/types.js';
import { playsWithoutClip } from '../library/repositories/clips.js';
import { findGameByHash, insertGame, markGameReady } from '../library/repositories/games.js';
import { deletePlay, insertPlay } from '../library/repositories/plays.js';
import { ensureSeason } from '../library/repositories/seasons.js';
import { ensureTeam } from '../library/repositories/teams.js';
import type { ClipCache } from '../media/clip-cache.js';
import { sha256File } from '../media/content-hash.js';
import { probeVideo, type VideoInfo } from '../media/probe.js';
import { listFrameTimes, type FrameTimes } from '../media/sample-clip.js';
import { storeClip } from '../media/store-clip.js';
import { teamsFromGameName } from './game-name.js';
import { runPool } from './pool.js';
import { validateRow } from './validate-row.js';

export interface GameImport {
  video: string;
  rows: readonly AnnotationRow[];
  seasonName: string;
  clipCache: ClipCache;
  frames: number;
  size: number;
  concurrency: number;
  signal?: AbortSignal | undefined;
  /** Called as units of work finish (a row refused or present, a clip written). */
  onAdvance: (count: number) => void;
}

export interface GameOutcome {
  gameAdded: boolean;
  gameAlreadyPresent: boolean;
  playsAdded: number;
  playsSkipped: number;
  clipsAdded: number;
  errors: AnnotationError[];
  timings: { probeS: number; hashS: number; decodeS: number; writeS: number };
}

/**
 * One video and its rows. The game row is written as 'importing' (hidden from every view) with
 * its plays in one transaction; clips follow; the game turns 'ready' only when every play has its
 * clip. A kill at any point leaves at most a hidden game that the next run picks up by its hash.
 */
export async function importGame(db: Database, job: GameImport): Promise<GameOutcome> {
  const outcome: GameOutcome = { gameAdded: false, gameAlreadyPresent: false, playsAdded: 0, playsSkipped: 0, clipsAdded: 0, errors: [], timings: { probeS: 0, hashS: 0, decodeS: 0, writeS: 0 } };
  const clock = (key: keyof GameOutcome['timings'], since: number) => (outcome.timings[key] += (performance.now() - since) / 1000);

  let info: VideoInfo;
  let hash: string;
  let frames: FrameTimes | undefined;
  try {
    let t = performance.now();
    info = await probeVideo(job.video, job.signal);
    // Every frame's time, listed once for the game (packets copied, not decoded), so each play's
    // frames are chosen by time without a look at the file of its own.
    frames = await listFrameTimes(job.video, null, job.signal).catch(() => undefined);
    clock('probeS', t);
    t = performance.now();
    hash = await sha256File(job.video, job.signal);
    clock('hashS', t);
  } catch (error) {
    if (job.signal?.aborted) throw new CancelledError('The import was cancelled; run it again to finish it.');
    const lost = job.rows.length > 0 ? `; its ${job.rows.length} plays were not imported` : '';
    outcome.errors.push({ file: job.video, line: null, reason: `unreadable video: ${(error as Error).message}${lost}` });
    return outcome;
  }

  const valid = job.rows.filter((row) => {
    const problem = validateRow(row, info);
    if (problem) outcome.errors.push({ file: row.file, line: row.line, reason: problem });
    return !problem;
  });
  job.onAdvance(job.rows.length - valid.length);

  const rowOfPlay = new Map<number, AnnotationRow>();
  const addedNow = new Set<number>();
  let wasReady = false;
  const gameId = db.transaction(() => {
    const existing = findGameByHash(db, hash);
    const id = existing?.id ?? insertGame(db, newGame(db, job, info, hash));
    wasReady = existing?.status === 'ready';
    outcome.gameAdded = !wasReady;
    outcome.gameAlreadyPresent = wasReady;
    for (const row of valid) {
      const { id: playId, added } = insertPlay(db, {
        gameId: id,
        startS: row.startS,
        endS: row.endS,
        playType: row.playType,
        labelSource: 'imported',
        teamId: row.team ? ensureTeam(db, row.team) : null,
        period: row.period,
        clock: row.clock,
        externalId: row.id,
        tags: row.player ? [...row.tags, `Player:${row.player}`] : [...row.tags],
      });
      // In a game still hidden (a resumed import), every play is new to the user.
      if (added || !wasReady) addedNow.add(playId);
      else outcome.playsSkipped += 1;
      rowOfPlay.set(playId, row);
    }
    return id;
  }).immediate();

  const owed = playsWithoutClip(db, gameId, job.frames, job.size);
  job.onAdvance(valid.length - owed.filter((p) => rowOfPlay.has(p.id)).length);
  // What the sampler reads besides fps and duration: the clock's start and the listed frame times.
  const sampling = { ...info, frames };
  await runPool(owed, job.concurrency, job.signal, async (play) => {
    try {
      const spent = await storeClip(
        db,
        job.clipCache,
        { playId: play.id, video: job.video, videoInfo: sampling, gameHash: hash, startS: play.start_s, endS: play.end_s, frames: job.frames, size: job.size },
        job.signal,
      );
      outcome.timings.decodeS += spent.decodeS;
      outcome.timings.writeS += spent.writeS;
      outcome.clipsAdded += 1;
    } catch (error) {
      if (job.signal?.aborted) throw new CancelledError('The import was cancelled; run it again to finish it.');
      // A play of a game still hidden whose frames cannot be decoded is dropped, so the rest of the
      // game can be finished; a visible game's plays are never deleted by an import.
      if (!wasReady) deletePlay(db, play.id);
      addedNow.delete(play.id);
      const row = rowOfPlay.get(play.id);
      outcome.errors.push({ file: row?.file ?? job.video, line: row?.line ?? null, reason: (error as Error).message });
    }
    if (rowOfPlay.has(play.id)) job.onAdvance(1);
  });

  outcome.playsAdded = addedNow.size;
  if (!wasReady) markGameReady(db, gameId);
  return outcome;
}

function newGame(db: Database, job: GameImport, info: VideoInfo, hash: string) {
  const name = job.rows[0]?.game ?? job.video.split(/[\\/]/).at(-1)!.replace(/\.[^.]+$/, '');
  const teams = teamsFromGameName(name);
  return {
    seasonId: ensureSeason(db, job.seasonName),
    name,
    date: null,
    homeTeamId: teams ? ensureTeam(db, teams.home) : null,
    awayTeamId: teams ? ensureTeam(db, teams.away) : null,
    videoPath: job.video,
    contentHash: hash,
    durationS: info.durationS,
    fps: info.fps,
    width: info.width,
    height: info.height,
    codec: info.codec,
    status: 'importing' as const,
  };
}
