import type { Database } from 'better-sqlite3';
import { insertClip } from '../library/repositories/clips.js';
import type { ClipCache } from './clip-cache.js';
import type { VideoInfo } from './probe.js';
import { sampleClip } from './sample-clip.js';

export interface ClipJob {
  playId: number;
  video: string;
  videoInfo: Pick<VideoInfo, 'fps' | 'durationS'>;
  gameHash: string;
  startS: number;
  endS: number;
  frames: number;
  size: number;
}

/** Samples a play's clip from its video (sample-clip decides which frames), stores it compressed in the cache, then records it. */
export async function storeClip(db: Database, cache: ClipCache, job: ClipJob, signal?: AbortSignal): Promise<{ decodeS: number; writeS: number }> {
  const { rgb, timings } = await sampleClip({ file: job.video, video: job.videoInfo, startS: job.startS, endS: job.endS, frames: job.frames, size: job.size }, signal);
  const began = performance.now();
  const written = await cache.write(cache.relativePath(job.gameHash, job.startS, job.endS, job.frames, job.size), rgb, { frames: job.frames, size: job.size });
  insertClip(db, { play_id: job.playId, frames: job.frames, size: job.size, path: written.path, sha256: written.sha256 });
  return { decodeS: timings.decodeMs / 1000, writeS: (performance.now() - began) / 1000 };
}
