import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { importSeason } from '../../main/import/import-season.js';
import { writeSetting } from '../../main/library/repositories/settings.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { openFilmRoom } from '../../main/services/index.js';
import { writeCountingVideo } from './video.js';

export interface HandSeason {
  dir: string;
  videos: string[];
  /** Plays written to annotations.csv, per video. */
  plays: { video: string; start: number; end: number; type: string }[];
}

const TYPES = ['Transition', 'P&R Ball Handler', 'Post-Up', 'Spot-Up', 'Cut', 'Putbacks'];

/**
 * A small season made by hand (not by the synthetic generator, so import is tested on its own):
 * counting videos and a CSV whose plays tile each video with gaps between them.
 */
export function writeHandSeason(dir: string, options: { games: number; playsPerGame: number; seconds?: number }): HandSeason {
  fs.mkdirSync(dir, { recursive: true });
  const seconds = options.seconds ?? 12;
  const videos: string[] = [];
  const plays: HandSeason['plays'] = [];
  const lines = ['game,video,start,end,play_type,team,period'];
  for (let g = 1; g <= options.games; g++) {
    const name = `game-${g}.mp4`;
    // Different sizes make different bytes: every game has its own content hash.
    writeCountingVideo(path.join(dir, name), { seconds, fps: 25, size: `${64 + 16 * g}x48` });
    videos.push(name);
    const slot = seconds / options.playsPerGame;
    for (let p = 0; p < options.playsPerGame; p++) {
      const start = Number((p * slot + 0.2).toFixed(2));
      const end = Number(((p + 1) * slot - 0.2).toFixed(2));
      const type = TYPES[(g + p) % TYPES.length]!;
      plays.push({ video: name, start, end, type });
      lines.push(`Hawks @ Owls ${g},${name},${start},${end},${type},Hawks,1`);
    }
  }
  fs.writeFileSync(path.join(dir, 'annotations.csv'), `${lines.join('\n')}\n`);
  return { dir, videos, plays };
}

/** A library at `library` holding a hand-made season imported as clips of `frameSize`², without errors. */
export async function handSeasonLibrary(library: string, options: { games: number; playsPerGame: number; frameSize: number }): Promise<HandSeason> {
  const season = writeHandSeason(path.join(path.dirname(library), 'season'), options);
  const room = openFilmRoom({ libraryPath: library, frontDoor: 'cli' });
  try {
    writeSetting(room.db, 'frame_size', options.frameSize);
    const report = await importSeason(room.db, { target: season.dir, clipCache: ClipCache.besideLibrary(room.db.name) });
    expect(report.errors).toEqual([]);
  } finally {
    await room.close();
  }
  return season;
}
