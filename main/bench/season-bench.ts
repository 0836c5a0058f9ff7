import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFeatures } from '../features/extract.js';
import { importSeason } from '../import/import-season.js';
import { openLibrary } from '../library/database.js';
import { featuresFolderOf, SHARD_HEADER_BYTES } from '../library/feature-files.js';
import type { GameSelection } from '../library/game-selection.js';
import { writeSetting } from '../library/repositories/settings.js';
import { ClipCache } from '../media/clip-cache.js';
import { synthesizeSeason } from '../synth/index.js';
import { runBenchChild } from './bench-child.js';
import { printHeading, printRow, timed } from './report.js';
import { runStreamedTrainingChild } from './streamed-training-bench.js';

export interface SeasonBenchOptions {
  /** N: games of the small season; the large one has 2N. */
  games: number;
  playsPerGame: number;
  /** Clip size S (the library's frame size). */
  size: number;
  /** Backbone measured for the per-play feature figures. */
  cut: string;
  weights: string;
  /** P: plays of the smaller library head training is measured on (the larger has 4P). */
  trainingPlays: number;
}

/** What one child process measured: stage seconds, bytes on disk, and its own peak memory. */
interface ChildReport {
  plays: number;
  importS: number;
  /** CPU seconds of the import: this process and the ffmpeg processes it waited for. */
  importCpuS: number;
  import: { probeS: number; hashS: number; decodeS: number; writeS: number };
  extractS: number | null;
  extractedPlays: number;
  framesPerSecond: number | null;
  engine: string | null;
  clipBytes: number;
  featureBytes: number;
  featureShards: number;
  libraryBytes: number;
  emptyLibraryBytes: number;
  peakRssBytes: number;
  /** Peak memory when the import had finished, before any extraction. */
  importPeakRssBytes: number;
}

const SEASON_GAMES = 1230;
const SEASON_PLAYS_PER_GAME = 200;

/**
 * A season's cost per play, measured: synth of 2N games, then import → extract of the first N in one
 * child process and import of all 2N in another (each reports its own peak memory, which a process cannot reset),
 * then bytes per play on disk and the projection to a whole season (1,230 games × 200 plays).
 */
export async function benchSeason(options: SeasonBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-bench-season-'));
  try {
    printHeading(`Season scale: ${options.games} and ${2 * options.games} synthetic games × ${options.playsPerGame} plays, clips at ${options.size} px, features ${options.cut} avg`);
    // One season of 2N games: the small run imports its first N (`--games 1-N`), the large run all
    // of it, so the larger is the smaller plus N games more of the same kind.
    const season = path.join(dir, 'season');
    const synth = await timed(() => synthesizeSeason({ outDir: season, games: 2 * options.games, playsPerGame: options.playsPerGame, seed: 21 }));
    printRow('synth (render film, not part of a season)', `${(synth.seconds / (2 * options.games * options.playsPerGame)).toFixed(3)} s/play`);

    const one = await runChild(path.join(dir, 'small'), season, { kind: 'positions', ranges: [[1, options.games]] }, options, true);
    const two = await runChild(path.join(dir, 'large'), season, { kind: 'all' }, options, false);
    const perPlay = (bytes: number, plays: number) => bytes / Math.max(1, plays);
    const clipPerPlay = perPlay(one.clipBytes, one.plays);
    // Each shard file starts with a 64-byte header shared by up to 6,553 plays (block5 avg).
    const featurePerPlay = perPlay(one.featureBytes - one.featureShards * SHARD_HEADER_BYTES, one.extractedPlays);
    const rowsPerPlay = perPlay(one.libraryBytes - one.emptyLibraryBytes, one.plays);
    const importPerPlay = one.importS / one.plays;
    const extractPerPlay = one.extractS !== null && one.extractedPlays > 0 ? one.extractS / one.extractedPlays : null;

    console.log('\n  Bytes per play');
    printRow(`clips (H.264, ${options.size} px, 40 frames)`, kb(clipPerPlay), `target ≤ 50 KB ${clipPerPlay <= 50 * 1024 ? 'met' : 'NOT met'}; raw would be ${kb(40 * options.size * options.size * 3)}`);
    printRow(`features (${options.cut} avg, float16 files)`, kb(featurePerPlay), `target ≤ 40 KB ${featurePerPlay <= 40 * 1024 ? 'met' : 'NOT met'}; float32 in SQLite was ${kb(featurePerPlay * 2)}`);
    printRow('library rows (SQLite file, less an empty one)', `${rowsPerPlay.toFixed(0)} B`, `${((one.libraryBytes - one.emptyLibraryBytes) / 1024).toFixed(0)} KB for ${one.plays} plays with clips and features (4 KB pages: a few plays fit in the pages an empty library has)`);

    console.log('\n  Seconds per play (wall clock, this machine; shared machines inflate these)');
    printRow('import (probe, hash, decode, encode, write)', `${importPerPlay.toFixed(3)} s`, `${one.plays} plays in ${one.importS.toFixed(1)} s; CPU ${(one.importCpuS / one.plays).toFixed(3)} s/play (Node + ffmpeg)`);
    const t = one.import;
    printRow('  probe + hash (summed)', `${((t.probeS + t.hashS) / one.plays).toFixed(3)} s`);
    printRow('  sample 40 frames (ffmpeg, summed over workers)', `${(t.decodeS / one.plays).toFixed(3)} s`);
    printRow('  encode + write clip + rows (summed)', `${(t.writeS / one.plays).toFixed(3)} s`);
    printRow(`features, first game's ${one.extractedPlays} plays (${one.engine ?? '—'})`, extractPerPlay !== null ? `${extractPerPlay.toFixed(3)} s` : '—', one.framesPerSecond ? `${one.framesPerSecond.toFixed(1)} frames/s` : '');

    console.log('\n  Scaling');
    const cpuRatio = two.importCpuS / one.importCpuS;
    const ratio = two.importS / one.importS;
    printRow(`import CPU time, ${two.plays} vs ${one.plays} plays`, `×${cpuRatio.toFixed(2)}`, `target ≤ ×2.2 ${cpuRatio <= 2.2 ? 'met' : 'NOT met'} (${two.importCpuS.toFixed(1)} s vs ${one.importCpuS.toFixed(1)} s)`);
    printRow(`import wall time, ${two.plays} vs ${one.plays} plays`, `×${ratio.toFixed(2)}`, `(${two.importS.toFixed(1)} s vs ${one.importS.toFixed(1)} s; moves with the machine's other load)`);
    printRow(`peak memory of import, ${one.plays} plays`, mb(one.importPeakRssBytes));
    const memoryRatio = two.importPeakRssBytes / one.importPeakRssBytes;
    printRow(`peak memory of import, ${two.plays} plays`, mb(two.importPeakRssBytes), `×${memoryRatio.toFixed(2)}: ${memoryRatio <= 1.15 ? 'flat' : 'NOT flat'} in plays`);
    printRow('peak memory with extraction (ONNX model)', mb(one.peakRssBytes));

    // Head training streams its features from the shard files: its peak should not move with the plays.
    console.log(`\n  Head training, one epoch on block5 avg features (40 × 512 float16 per play), streamed from the files`);
    const trainSmall = await runStreamedTrainingChild(path.join(dir, 'train-small'), options.trainingPlays);
    const trainLarge = await runStreamedTrainingChild(path.join(dir, 'train-large'), 4 * options.trainingPlays);
    for (const t of [trainSmall, trainLarge]) {
      printRow(`peak memory, ${t.plays} plays`, mb(t.peakRssBytes), `JS heap + arrays at most ${mb(t.peakJsBytes)}; ${mb(t.rssBeforeBytes)} before training; their features as float32 ${mb(t.float32Bytes)}; ${t.seconds.toFixed(1)} s (${t.engine})`);
    }
    const trainRatio = (trainLarge.peakRssBytes - trainLarge.rssBeforeBytes) / Math.max(1, trainSmall.peakRssBytes - trainSmall.rssBeforeBytes);
    const peakRatio = trainLarge.peakRssBytes / trainSmall.peakRssBytes;
    printRow(`peak memory, ${trainLarge.plays} vs ${trainSmall.plays} plays`, `×${peakRatio.toFixed(2)}`, `${peakRatio <= 1.15 ? 'flat' : 'NOT flat'} in plays (training's own rise above the library's ×${trainRatio.toFixed(2)})`);

    const plays = SEASON_GAMES * SEASON_PLAYS_PER_GAME;
    console.log(`\n  Projection: a season of ${SEASON_GAMES} games × ${SEASON_PLAYS_PER_GAME} plays = ${plays.toLocaleString('en-US')} plays at ${options.size} px`);
    printRow('clips on disk', gb(clipPerPlay * plays), '(synthetic film compresses better than broadcast film: expect more)');
    printRow('features on disk (one feature set)', gb(featurePerPlay * plays));
    printRow('library file', gb(rowsPerPlay * plays));
    printRow('head training memory', mb(trainLarge.peakRssBytes), `as measured on ${trainLarge.plays} plays (streamed); the season's features as float32 would be ${gb(plays * 40 * 512 * 4)}`);
    printRow('import, this machine', hours(importPerPlay * plays), `(${os.cpus().length} cores, wall clock as measured; ${hours((one.importCpuS / one.plays) * plays)} of CPU)`);
    printRow('features, this machine (CPU)', extractPerPlay !== null ? hours(extractPerPlay * plays) : '—', one.framesPerSecond ? `at ${one.framesPerSecond.toFixed(1)} frames/s` : '');
    const gpuFps = Number(process.env.FILMROOM_GPU_FRAMES_PER_SECOND ?? Number.NaN);
    if (Number.isFinite(gpuFps) && gpuFps > 0) {
      printRow('features, GPU (measured by gpu-check)', hours((plays * 40) / gpuFps), `at ${gpuFps.toFixed(1)} frames/s`);
    } else {
      printRow('features, GPU', 'not measured', 'run `npm run gpu-check` on a machine with an NVIDIA GPU');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(dir: string, season: string, games: GameSelection, options: SeasonBenchOptions, extract: boolean): Promise<ChildReport> {
  fs.mkdirSync(dir, { recursive: true });
  return runBenchChild<ChildReport>('--season-child', { dir, season, games, size: options.size, cut: options.cut, weights: options.weights, extract }, "the season bench");
}

/** The child's side: import (and extract) one season into a fresh library, print one JSON line. */
export async function seasonBenchChild(spec: string): Promise<void> {
  const { dir, season, games, size, cut, weights, extract } = JSON.parse(spec) as { dir: string; season: string; games: GameSelection; size: number; cut: string; weights: string; extract: boolean };
  const libraryFile = path.join(dir, 'library.filmroom.db');
  const emptyFile = path.join(dir, 'empty.filmroom.db');
  openLibrary(emptyFile).close();
  const db = openLibrary(libraryFile);
  writeSetting(db, 'frame_size', size);
  const cache = ClipCache.besideLibrary(libraryFile);
  const cpuBefore = cpuSecondsWithChildren();
  const imported = await timed(() => importSeason(db, { target: season, clipCache: cache, games }));
  const importCpuS = cpuSecondsWithChildren() - cpuBefore;
  if (imported.value.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(imported.value.errors.slice(0, 3))}`);
  const importPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  let extractedPlays = 0;
  let extractS: number | null = null;
  let framesPerSecond: number | null = null;
  let engine: string | null = null;
  if (extract) {
    // The first game only: 224 px VGG16 on a CPU takes seconds per play, and per play is the figure.
    const report = await extractFeatures(db, cache, { weights, cut, pooling: 'avg', size, games: { kind: 'positions', ranges: [[1, 1]] } });
    extractedPlays = report.computed;
    if (report.errors.length > 0) throw new Error(`extraction errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    extractS = report.seconds;
    framesPerSecond = report.framesPerSecond;
    engine = report.engine;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const result: ChildReport = {
    plays: imported.value.playsAdded,
    importS: imported.seconds,
    importCpuS,
    import: imported.value.timings,
    extractS,
    extractedPlays,
    framesPerSecond,
    engine,
    clipBytes: folderBytes(cache.root),
    featureBytes: folderBytes(featuresFolderOf(libraryFile)),
    featureShards: folderFiles(featuresFolderOf(libraryFile)),
    libraryBytes: fs.statSync(libraryFile).size,
    emptyLibraryBytes: fs.statSync(emptyFile).size,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    importPeakRssBytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * CPU seconds used so far by this process and by the children it has waited for (ffmpeg): on Linux
 * from /proc (utime, stime, cutime, cstime in clock ticks of 1/100 s); elsewhere this process only.
 * Under load the wall clock says more about the other jobs than about Film Room; CPU time does not.
 */
function cpuSecondsWithChildren(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ", field 3 is the state; utime..cstime are fields 14–17, i.e. [11..14] here.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
}

function folderFiles(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

function folderBytes(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gb = (bytes: number) => (bytes >= 1024 ** 4 ? `${(bytes / 1024 ** 4).toFixed(2)} TB` : `${(bytes / 1024 ** 3).toFixed(1)} GB`);
const hours = (seconds: number) => (seconds >= 86400 ? `${(seconds / 86400).toFixed(1)} days` : `${(seconds / 3600).toFixed(1)} h`);
