import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importSeason } from '../import/import-season.js';
import { openLibrary } from '../library/database.js';
import { writeSetting } from '../library/repositories/settings.js';
import { ffmpegPath } from '../media/binaries.js';
import { ClipCache } from '../media/clip-cache.js';
import { probeVideo } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import { listFrameTimes, sampleClip } from '../media/sample-clip.js';
import { synthesizeSeason } from '../synth/index.js';
import { printHeading, printRow, timed } from './report.js';

/**
 * Plays imported per second on a synthetic season, where the time goes, and the clip sampler
 * against the obvious baseline (decode every frame of the play, resize all, keep 40) on the same plays.
 */
export async function benchImport(options: { games: number; playsPerGame: number; sizes: number[] }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-bench-import-'));
  try {
    printHeading(`Import: synthetic season of ${options.games} games × ${options.playsPerGame} plays`);
    const synth = await timed(() => synthesizeSeason({ outDir: path.join(dir, 'season'), games: options.games, playsPerGame: options.playsPerGame, seed: 7 }));
    printRow('render the season (synth)', `${synth.seconds.toFixed(1)} s`);

    for (const size of options.sizes) {
      const library = path.join(dir, `library-${size}.db`);
      const db = openLibrary(library);
      writeSetting(db, 'frame_size', size);
      const { value: report, seconds } = await timed(() => importSeason(db, { target: path.join(dir, 'season'), clipCache: ClipCache.besideLibrary(library) }));
      db.close();
      const t = report.timings;
      printRow(`import at ${size}×${size}, 40 frames per play`, `${(report.playsAdded / seconds).toFixed(2)} plays/s`, `${report.playsAdded} plays in ${seconds.toFixed(1)} s, ${report.errors.length} errors`);
      printRow('  probe (ffprobe)', `${t.probeS.toFixed(2)} s`);
      printRow('  hash (sha256 of each video)', `${t.hashS.toFixed(2)} s`);
      printRow('  decode + resize (ffmpeg, summed over workers)', `${t.decodeS.toFixed(2)} s`);
      printRow('  write (clip files + rows)', `${t.writeS.toFixed(2)} s`);
    }

    printHeading('Clip sampling: one seek + selected frames vs decoding every frame of the play');
    const video = synth.value.videos[0]!;
    // As an import does: the video's frame times listed once, then each play sampled by time.
    const info = { ...(await probeVideo(video)), frames: await listFrameTimes(video, null) };
    const plays = synth.value.records.filter((r) => path.resolve(path.dirname(video), r.video) === path.resolve(video) || r.video === path.basename(video));
    const size = options.sizes[0]!;
    const ours = await timed(async () => {
      for (const play of plays) await sampleClip({ file: video, video: info, startS: play.startS, endS: play.endS, frames: 40, size });
    });
    const naive = await timed(async () => {
      for (const play of plays) {
        await runProcess(ffmpegPath(), ['-v', 'error', '-ss', String(play.startS), '-i', video, '-t', String(play.endS - play.startS), '-vf', `scale=${size}:${size}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
      }
    });
    printRow(`baseline: decode + resize every frame (${size}px)`, `${(plays.length / naive.seconds).toFixed(2)} plays/s`);
    printRow('Film Room: select 40 frames, resize those', `${(plays.length / ours.seconds).toFixed(2)} plays/s`, `×${(naive.seconds / ours.seconds).toFixed(2)} the baseline`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
