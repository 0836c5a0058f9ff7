import os from 'node:os';
import { benchConvGradients } from './conv-grad-bench.js';
import { benchExtraction } from './extract-bench.js';
import { benchImport } from './import-bench.js';
import { benchLearningCurve } from './learning-curve-bench.js';
import { benchSeason, seasonBenchChild } from './season-bench.js';
import { streamedTrainingChild } from './streamed-training-bench.js';
import { benchTraining } from './train-bench.js';

// The season bench measures each season size in a child process of this same file.
const childSpec = process.argv.includes('--season-child') ? process.argv[process.argv.indexOf('--season-child') + 1] : undefined;
if (childSpec !== undefined) {
  await seasonBenchChild(childSpec);
  process.exit(0);
}
const trainingChildSpec = process.argv.includes('--streamed-training-child') ? process.argv[process.argv.indexOf('--streamed-training-child') + 1] : undefined;
if (trainingChildSpec !== undefined) {
  await streamedTrainingChild(trainingChildSpec);
  process.exit(0);
}

// `npm run bench`: figures printed, each beside a baseline measured in the same run. Speed is
// reported here, never asserted in tests.
console.log(`Film Room bench — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
const quick = process.argv.includes('--quick');
// `--only train,extract` runs just those sections.
const onlyArg = process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : null;
const wanted = (section: string) => only === null || only.has(section);
if (wanted('import')) await benchImport(quick ? { games: 2, playsPerGame: 6, sizes: [64] } : { games: 4, playsPerGame: 20, sizes: [112, 224] });
if (wanted('extract')) await benchExtraction(quick ? { sizes: [64], clips: { 64: 2 }, seconds: 2 } : { sizes: [112, 224], clips: { 112: 8, 224: 4 }, seconds: 8 });
if (wanted('convgrad')) await benchConvGradients(quick ? { batch: 2, size: 28, channels: 32, filters: 32, cpuBatch: 1, reps: 3 } : { batch: 4, size: 56, channels: 64, filters: 64, cpuBatch: 1, reps: 5 });
if (only?.has('season')) {
  // Only when asked (`--only season`): it renders and imports two whole synthetic seasons.
  const games = Number(process.argv[process.argv.indexOf('--games') + 1]);
  await benchSeason({
    games: process.argv.includes('--games') && games > 0 ? games : quick ? 1 : 3, playsPerGame: quick ? 4 : 6, size: quick ? 112 : 224, cut: 'block5_pool', weights: 'random:1',
    trainingPlays: quick ? 100 : 500,
  });
}
if (wanted('train')) await benchTraining(quick ? { clips: 64, baselineClips: 32, frames: 40, dim: 512, units: 64 } : { clips: 1000, baselineClips: 160, frames: 40, dim: 512, units: 64 });
// The demo's stages and the learning curve (the full one runs the whole demo: several minutes).
// `--library PATH` draws the curve on a library where `filmroom demo` already ran.
const libraryArg = process.argv.includes('--library') ? process.argv[process.argv.indexOf('--library') + 1] : undefined;
if (wanted('learning-curve')) {
  await benchLearningCurve({
    ...(quick ? { games: 6, playsPerGame: 11, extraGames: 2, sizes: [2, 4], epochs: 5 } : { games: 36, playsPerGame: 22, extraGames: 0, sizes: [4, 8, 16, 24] }),
    ...(libraryArg ? { library: libraryArg } : {}),
  });
}
