// Finds Electron's binary for `npm start` and `npm run test:electron`: resolving the 'electron'
// package gives its path once the binary is there; an install made with ELECTRON_SKIP_BINARY_DOWNLOAD
// (offline machines) has none yet, so it is downloaded here, in a child, so that a failed download
// is one line we can print, not a crash.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const NETWORK = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo/;

function resolveElectron(root) {
  return spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
}

/** `{ path }` of a runnable Electron, or `{ reason }` in a few words. */
export function electronBinary(root) {
  let result = resolveElectron(root);
  let output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  if (result.status !== 0 && /failed to install correctly/.test(output)) {
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const install = spawnSync(process.execPath, [`${root}node_modules/electron/install.js`], { cwd: root, encoding: 'utf8', env, timeout: 10 * 60 * 1000 });
    output = `${install.stderr ?? ''}${install.stdout ?? ''}`;
    if (install.status === 0) {
      result = resolveElectron(root);
      output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
    }
  }
  if (result.status === 0 && result.stdout && fs.existsSync(result.stdout)) return { path: result.stdout };
  const reason = NETWORK.test(output) ? 'its binary could not be downloaded' : (output.match(/Error: (.*)/)?.[1] ?? 'its binary is missing');
  return { reason };
}

export function electronVersion(root) {
  return JSON.parse(fs.readFileSync(`${root}node_modules/electron/package.json`, 'utf8')).version;
}

/** Linux needs a display for a window; elsewhere there always is one. */
export function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}
