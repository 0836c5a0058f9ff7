// `npm start`: the desktop app when Electron can run here, else browser mode with one line saying why.
// Electron fetches its binary on first launch; where that cannot happen (offline, no display), the
// same app is served on 127.0.0.1 and opened in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const passThrough = process.argv.slice(2);

function electronBinary() {
  // Requiring 'electron' resolves its binary and downloads it on first use: do it in a child so a
  // failed download is a message we can summarise, not a crash.
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  if (result.status === 0 && result.stdout) return { path: result.stdout };
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const reason = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(output)
    ? 'its binary could not be downloaded'
    : (output.match(/Error: (.*)/)?.[1] ?? 'its binary is missing');
  return { reason };
}

function serveInBrowser(reason) {
  console.error(`Electron could not start (${reason}); serving Film Room in browser mode instead.`);
  const child = spawn(process.execPath, [`${root}bin/filmroom.js`, 'serve', '--open', ...passThrough], { stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

const electron = electronBinary();
if (!electron.path) {
  serveInBrowser(electron.reason);
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  serveInBrowser('there is no display to open its window on');
} else {
  const started = Date.now();
  const child = spawn(electron.path, [root, ...passThrough], { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  forwardSignals(child);
  child.on('exit', (code) => {
    // A crash in the first seconds means Electron itself cannot run here (missing libraries, GPU).
    if (code !== 0 && Date.now() - started < 15_000) serveInBrowser(stderr.trim().split('\n').at(-1) || `it exited with code ${code}`);
    else process.exit(code ?? 0);
  });
}
