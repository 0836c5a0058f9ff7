import os from 'node:os';
import { benchExtraction } from './extract-bench.js';
import { benchImport } from './import-bench.js';

// `npm run bench`: figures printed, each beside a baseline measured in the same run. Speed is
// reported here, never asserted in tests.
console.log(`Film Room bench — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
const quick = process.argv.includes('--quick');
await benchImport(quick ? { games: 2, playsPerGame: 6, sizes: [64] } : { games: 4, playsPerGame: 20, sizes: [112, 224] });
await benchExtraction(quick ? { sizes: [64], clips: { 64: 2 }, seconds: 2 } : { sizes: [112, 224], clips: { 112: 8, 224: 4 }, seconds: 8 });
