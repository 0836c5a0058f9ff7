import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRIVATE_FILE_MODE } from './private-files.js';

/** How long the redirect file waits for the browser to read it before it is deleted. */
export const REDIRECT_FILE_LIFETIME_MS = 60_000;

/**
 * Opens a URL that carries a secret in the user's browser when the system has a way to (a desktop
 * session); on a headless machine it says so and leaves the printed link to the user.
 *
 * The URL is never an argument of the opener or the browser, where every user of the machine could
 * read it (`ps`, /proc/<pid>/cmdline): it is written into a small HTML page that redirects to it,
 * in a folder only this user can open (0700, file 0600), and the opener gets that file's address.
 * The file is deleted after a minute (or sooner, with `remove`). Returns it, or null when nothing was opened.
 */
export function openInBrowser(url: string, say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): { file: string; remove: () => void } | null {
  const opener = pickOpener(env);
  if (!opener) {
    say('No desktop browser found here: open the link above in a browser on this machine.');
    return null;
  }
  let redirect: { file: string; remove: () => void };
  try {
    redirect = writeRedirectFile(url);
  } catch (error) {
    say(`Could not prepare the link for the browser (${(error as Error).message}): open the link above by hand.`);
    return null;
  }
  setTimeout(redirect.remove, REDIRECT_FILE_LIFETIME_MS).unref();
  try {
    const child = spawn(opener.command, [...opener.args, pathToFileURL(redirect.file).href], { detached: true, stdio: 'ignore' });
    child.on('error', () => say(`Could not start ${opener.command}: open the link above by hand.`));
    child.unref();
    return redirect;
  } catch {
    redirect.remove();
    say(`Could not start ${opener.command}: open the link above by hand.`);
    return null;
  }
}

/** A private page that sends the browser on to `url` (and leaves no referrer behind). */
export function writeRedirectFile(url: string, parent: string = os.tmpdir()): { file: string; remove: () => void } {
  const folder = fs.mkdtempSync(path.join(parent, 'filmroom-open-')); // mkdtemp makes it 0700
  const file = path.join(folder, 'open-film-room.html');
  const escaped = url.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Film Room</title><meta http-equiv="refresh" content="0;url=${escaped}">\n`;
  fs.writeFileSync(file, html, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return { file, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

function pickOpener(env: NodeJS.ProcessEnv): { command: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return undefined;
}
