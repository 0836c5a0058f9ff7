// Lint, and the layer rules that keep the architecture honest (README, "How it is built", says why):
//   shared/   imports no Node, no Electron, no DOM code, nothing from main/ or renderer/;
//   renderer/ never imports main/, Node or Electron;
//   only main/electron/ imports 'electron';
//   main/library/ and main/media/ (the bottom of main/) import nothing above them;
//   main/jobs/ does not import main/cli/ (jobs run through the worker boundary, not the CLI).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only main/electron/ may import electron: put the logic in main/ and keep the shell thin.',
};
// The layers of main/ above library/ and media/: as a relative import from anywhere inside them.
const ABOVE_LIBRARY = ['services', 'services-host', 'jobs', 'worker', 'ml', 'features', 'training', 'cli', 'host', 'electron', 'import', 'reports', 'demo', 'bench', 'synth', 'rpc', 'annotations'];
const aboveLibrary = {
  regex: `^(\\.\\./)+(main/)?(${ABOVE_LIBRARY.join('|')})(/|$)`,
  message: 'main/library/ and main/media/ are the bottom layer: they import only shared/, system/ and each other.',
};
const jobsNotCli = { regex: '^(\\.\\./)+cli(/|$)', message: 'main/jobs/ does not import the CLI: services and workers call the application layer.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: `${name} is Node-only: this layer also runs in the browser.` }));

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'renderer/dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronOnlyInShell, ...noNode],
        patterns: [{ regex: '(^|/)main/', message: 'The renderer never imports main/: talk to it through the typed API in shared/.' }],
      }],
    },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronOnlyInShell, ...noNode],
        patterns: [
          { regex: '(^|/)(main|renderer)/', message: 'shared/ is the contract: it imports nothing from main/ or renderer/.' },
          { regex: '^(svelte|chart\\.js|better-sqlite3|ws|onnxruntime-node|@tensorflow/)', message: 'shared/ depends only on zod.' },
        ],
      }],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }] },
  },
  {
    files: ['main/library/**', 'main/media/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: [aboveLibrary] }] },
  },
  {
    // Jobs run the application layer in workers; they never drive the user-facing CLI.
    files: ['main/jobs/**', 'main/worker/**', 'main/application/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: [jobsNotCli] }] },
  },
  {
    // The numerics (models, the training loop, weights, evaluation) know nothing of the app's runs,
    // features or services: those use ml/, never the other way round.
    files: ['main/ml/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronOnlyInShell],
        patterns: [{ regex: '^(\\.\\./)+(features|training|services)/', message: 'main/ml/ imports neither features/ nor training/ nor services/: move the code that needs them out of ml/.' }],
      }],
    },
  },
);
