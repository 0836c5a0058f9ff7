// Builds what runs: the renderer (Vite + Svelte) and the Node/Electron entry points (esbuild):
// the CLI, the bench, the job worker (dist/main/worker.js) and the Electron shell.
// Native modules and every npm dependency stay external: they load from node_modules at run time.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const quiet = process.argv.includes('--quiet');
const started = Date.now();

await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'error' : 'warn' });

const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  esbuild({
    ...node,
    entryPoints: { cli: 'main/cli/index.ts', bench: 'main/bench/index.ts', 'prepare-native': 'main/electron/prepare-native.ts', 'annotation-reader': 'main/import/annotation-reader-worker.ts', worker: 'main/worker/entry.ts' },
    outdir: 'dist/main',
    format: 'esm',
    outExtension: { '.js': '.js' },
  }),
  // Electron's main process and its utility processes load CommonJS most reliably; the preload must
  // be one sandboxed CJS file. The services host runs under Electron (a utility process) and, in
  // the tests, under Node (child_process.fork): the same file.
  ...[
    { entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/electron' },
    { entryPoints: { 'services-host': 'main/services-host/entry.ts' }, outdir: 'dist/main' },
  ].map((entry) =>
    esbuild({
      ...node,
      ...entry,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
      // Modules written for ESM read import.meta.url; in a CommonJS bundle it is the bundle's own file.
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
  ),
  esbuild({ ...node, entryPoints: { preload: 'main/electron/preload.ts' }, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' }, packages: undefined, external: ['electron'] }),
]);

if (!quiet) console.error(`Film Room built in ${((Date.now() - started) / 1000).toFixed(1)} s → dist/`);
