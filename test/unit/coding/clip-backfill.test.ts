import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getClip } from '../../../main/library/repositories/clips.js';
import { listPlays } from '../../../main/library/repositories/plays.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { openFilmRoom } from '../../../main/services/index.js';
import type { CodingResult } from '../../../shared/api/coding.js';
import { handSeasonLibrary } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';
import { decodeAllFrames } from '../../helpers/video.js';

const SIZE = 32;
const FRAMES = 40;

/** The reference frame a (lossy) clip frame is nearest to, by mean absolute difference. */
function nearestFrame(reference: readonly Buffer[], frame: Uint8Array): number {
  let best = -1;
  let bestDistance = Infinity;
  reference.forEach((candidate, index) => {
    let distance = 0;
    for (let i = 0; i < frame.length; i++) distance += Math.abs(candidate[i]! - frame[i]!);
    if (distance < bestDistance) [best, bestDistance] = [index, distance];
  });
  return best;
}

describe('clips of coded plays, sampled in the background', () => {
  it('a trimmed play gets its new span’s 40-frame clip after the call has answered', { timeout: 120_000 }, async () => {
    const library = path.join(tempDir(), 'lib.db');
    const season = await handSeasonLibrary(library, { games: 1, playsPerGame: 2, frameSize: SIZE });
    const room = openFilmRoom({ libraryPath: library, frontDoor: 'cli' });
    try {
      const [play] = listPlays(room.db, {}, { limit: 10, offset: 0 }).plays.sort((a, b) => a.startS - b.startS);
      expect(play).toMatchObject({ startS: 0.2, endS: 5.8 });
      expect(getClip(room.db, play!.id, FRAMES, SIZE)).toBeDefined();

      const result = (await room.dispatcher.call('coding', 'trimPlay', { playId: play!.id, startS: 1 })) as CodingResult;
      expect(result.plays[0]).toMatchObject({ startS: 1, endS: 5.8 });
      // The call answered before the clip was sampled (ffmpeg had not even started): the old clip is
      // gone and the new one is not there yet.
      expect(getClip(room.db, play!.id, FRAMES, SIZE)).toBeUndefined();

      await room.api.coding.clips!.idle();
      const clip = getClip(room.db, play!.id, FRAMES, SIZE)!;
      expect(clip).toBeDefined();
      expect(clip.path).toContain('00001000-00005800-T40-S32');
      expect(room.api.coding.clips!.counts).toEqual({ sampled: 1, skipped: 0, failed: 0 });

      // Its first frame is the video's frame at 1 s + half a slot: 1 + 0.5 × 4.8 / 40 = 1.06 s,
      // frame 26 of the counting video (25 fps), far from the old span's first (0.27 s, frame 6).
      const rgb = await ClipCache.besideLibrary(library).readAsync(clip.path);
      expect(rgb.length).toBe(FRAMES * SIZE * SIZE * 3);
      const reference = decodeAllFrames(path.join(season.dir, season.videos[0]!), SIZE);
      const first = nearestFrame(reference, rgb.subarray(0, SIZE * SIZE * 3));
      expect(Math.abs(first - 26)).toBeLessThanOrEqual(1);

      // An undo gives back the old span, whose clip is sampled again; an edit of details samples nothing.
      await room.dispatcher.call('coding', 'undo', {});
      await room.dispatcher.call('coding', 'editPlay', { playId: play!.id, player: 'X' });
      await room.api.coding.clips!.idle();
      expect(getClip(room.db, play!.id, FRAMES, SIZE)?.path).toContain('00000200-00005800-T40-S32');
      expect(room.api.coding.clips!.counts).toEqual({ sampled: 2, skipped: 0, failed: 0 });
    } finally {
      await room.close();
    }
  });
});
