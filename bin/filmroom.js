#!/usr/bin/env node
// The `filmroom` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (which `npm ci` runs through the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('filmroom: Film Room is not built yet. Run `npm run build` in its folder, then try again.\n');
  process.exit(1);
}
await import(entry.href);
