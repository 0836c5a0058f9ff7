import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ClipCache } from '../media/clip-cache.js';
import { FeatureSetFileReader, featureSetFolder } from './feature-files.js';
import { getClip, insertClip } from './repositories/clips.js';
import { ensureFeatureSet, featureAddressOfClip, FeatureSetRows, listFeatureSets } from './repositories/features.js';
import { findGameByHash, insertGame } from './repositories/games.js';
import { clipByNaturalKey, clipsOfPlayForMerge, featureRowsForMerge, playLabel, playsForMerge, readyGamesForMerge } from './repositories/library-merge.js';
import { insertPlay } from './repositories/plays.js';
import { ensureSeason } from './repositories/seasons.js';
import { ensureTeam } from './repositories/teams.js';
import { findWeightSetBySha } from './repositories/weight-sets.js';

export interface MergeReport {
  source: string;
  gamesAdded: number;
  gamesAlreadyPresent: number;
  playsAdded: number;
  playsAlreadyPresent: number;
  /** Plays in both libraries with different labels: this library's label was kept. */
  labelConflicts: { contentHash: string; startS: number; endS: number; kept: string; other: string }[];
  clipsCopied: number;
  featureSetsAdded: number;
  featuresAdded: number;
  /** Clip files the other library lists but does not have: their rows were left out. */
  missingClipFiles: string[];
}

/**
 * Merges another library (one unit of a split import and extraction) into this one, by content:
 * a game is its video's content hash, a play its game and times, a clip its play and shape, a
 * feature set its signature. What is already here is kept; only what is missing is added, so
 * merging the same library twice adds nothing, and merging the units of a split season in any
 * order gives the same library as importing and extracting it in one run.
 * Training runs, models and predictions stay with the library that made them.
 */
export function mergeLibrary(db: Database, otherFile: string, other: Database): MergeReport {
  const report: MergeReport = {
    source: path.resolve(otherFile), gamesAdded: 0, gamesAlreadyPresent: 0, playsAdded: 0, playsAlreadyPresent: 0,
    labelConflicts: [], clipsCopied: 0, featureSetsAdded: 0, featuresAdded: 0, missingClipFiles: [],
  };
  if (path.resolve(db.name) === path.resolve(otherFile)) throw new RangeError('A library cannot be merged into itself.');
  const ourClips = ClipCache.besideLibrary(db.name);
  const theirClips = ClipCache.besideLibrary(otherFile);

  for (const game of readyGamesForMerge(other)) {
    const present = findGameByHash(db, game.contentHash);
    if (present && present.status !== 'ready') continue; // half-imported here: the next import finishes it
    // Clip files are copied before the rows that name them commit: a crash leaves only a spare file.
    const work = playsForMerge(other, game.id).map((play) => ({
      play,
      clips: clipsOfPlayForMerge(other, play.id).filter((clip) => {
        if (fs.existsSync(theirClips.absolutePath(clip.path))) return true;
        report.missingClipFiles.push(theirClips.absolutePath(clip.path));
        return false;
      }),
    }));
    db.transaction(() => {
      let gameId = present?.id;
      if (gameId === undefined) {
        gameId = insertGame(db, {
          seasonId: game.seasonName === null ? null : ensureSeason(db, game.seasonName),
          name: game.name, date: game.date,
          homeTeamId: game.homeTeam === null ? null : ensureTeam(db, game.homeTeam),
          awayTeamId: game.awayTeam === null ? null : ensureTeam(db, game.awayTeam),
          videoPath: game.videoPath, contentHash: game.contentHash, durationS: game.durationS, fps: game.fps,
          width: game.width, height: game.height, codec: game.codec, status: 'ready',
        });
        report.gamesAdded += 1;
      } else {
        report.gamesAlreadyPresent += 1;
      }
      for (const { play, clips } of work) {
        const inserted = insertPlay(db, {
          gameId, startS: play.startS, endS: play.endS, playType: play.playType, labelSource: play.labelSource,
          teamId: play.team === null ? null : ensureTeam(db, play.team), period: play.period, clock: play.clock,
          externalId: play.externalId, tags: play.tags,
        });
        if (inserted.added) {
          report.playsAdded += 1;
        } else {
          report.playsAlreadyPresent += 1;
          const ours = playLabel(db, inserted.id);
          if (ours.playType !== play.playType) report.labelConflicts.push({ contentHash: game.contentHash, startS: play.startS, endS: play.endS, kept: ours.playType, other: play.playType });
        }
        for (const clip of clips) {
          if (getClip(db, inserted.id, clip.frames, clip.size)) continue;
          const target = ourClips.absolutePath(clip.path);
          if (!fs.existsSync(target)) {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.copyFileSync(theirClips.absolutePath(clip.path), `${target}.partial-${process.pid}`);
            fs.renameSync(`${target}.partial-${process.pid}`, target);
          }
          insertClip(db, { play_id: inserted.id, frames: clip.frames, size: clip.size, path: clip.path, sha256: clip.sha256 });
          report.clipsCopied += 1;
        }
      }
    }).immediate();
  }

  for (const set of listFeatureSets(other)) {
    const weightSet = findWeightSetBySha(db, set.weightsSha256);
    const existed = listFeatureSets(db).some((s) => s.signature === set.signature);
    const ours = ensureFeatureSet(db, { ...set, weightSetId: weightSet?.id ?? null });
    if (!existed) report.featureSetsAdded += 1;
    if (ours.frames !== set.frames || ours.dim !== set.dim) throw new RangeError(`feature set ${set.signature.slice(0, 12)} has ${ours.frames} × ${ours.dim} here but ${set.frames} × ${set.dim} in ${otherFile}`);
    const reader = new FeatureSetFileReader(featureSetFolder(otherFile, set.signature), set);
    const writer = new FeatureSetRows(db, ours);
    try {
      let batch: { clipId: number; engine: string; data: Float32Array }[] = [];
      for (const row of featureRowsForMerge(other, set.id)) {
        const clipId = clipByNaturalKey(db, row);
        if (clipId === undefined || featureAddressOfClip(db, clipId, ours.id)) continue;
        // float16 → float32 is exact and float32 → float16 of a half is the same half: a lossless copy.
        batch.push({ clipId, engine: row.engine, data: reader.read(row) });
        if (batch.length === 64) {
          writer.append(batch);
          report.featuresAdded += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) writer.append(batch);
      report.featuresAdded += batch.length;
    } finally {
      writer.close();
      reader.close();
    }
  }
  return report;
}
