import { defineConfig } from 'vitest/config';

// The desktop app's own suite (`npm run test:electron`, through scripts/test-electron.mjs, which
// finds Electron and prepares better-sqlite3 for it): one app at a time.
export default defineConfig({
  test: {
    include: ['test/electron/**/*.electron.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
