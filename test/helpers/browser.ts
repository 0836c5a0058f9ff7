import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT, spawnFilmroom } from './run-cli.js';

export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** Debian's Chromium, driven by playwright-core (it cannot download a browser of its own here). */
export function chromiumPath(): string {
  const candidates = [process.env.FILMROOM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('No Chromium found: install it (`apt-get install chromium`) or set FILMROOM_CHROMIUM.');
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** `filmroom serve` on a free port for this library; resolves with the URL it printed. */
export async function serveLibrary(library: string) {
  const server = spawnFilmroom(['serve', '--library', library, '--port', '0', '--json']);
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`filmroom serve did not print its URL in time:\n${buffered}`)), 30_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    server.on('exit', (code) => reject(new Error(`filmroom serve exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      server.kill('SIGTERM');
      return server.output;
    },
  };
}

/**
 * A page at 1280×800 (the window size the app is designed for) that records every uncaught page
 * error, console error and Film Room warning, so a test can assert that a view's whole path ran clean.
 */
export async function newAppPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Film Room's own warnings count too: a message the client ignored is a call that never settles.
    if (message.type() === 'error' || (message.type() === 'warning' && message.text().startsWith('Film Room:'))) errors.push(message.text());
  });
  return { page, errors };
}

/** The errors other than the 404 a missing video answers (seeded games have no video files). */
export function withoutMissingVideo(errors: readonly string[]): string[] {
  return errors.filter((error) => !/status of 404/.test(error));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}
