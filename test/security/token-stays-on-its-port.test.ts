import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { openLibrary } from '../../main/library/database.js';
import { writeRedirectFile } from '../../main/system/open-browser.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/temp.js';
import { writeCountingVideo } from '../helpers/video.js';

// The review's first finding: a page on ANOTHER local port received Film Room's token with every
// request (cookies ignore ports), and that token opened /rpc. Here a real Chromium opens Film
// Room from its link and uses it (library, review with the film playing, reports), while a second
// server on 127.0.0.1 records every header of every request the same browser sends it: from its
// own page, from Film Room's tab, and with credentials. None may carry the token, or a video
// signature. (Verified failing first: before, every request to the second port had
// `Cookie: filmroom_token_<port>=<token>`.)

describe('Film Room’s token stays with Film Room', () => {
  const dir = suiteTempDir('filmroom-security-port-');
  const library = path.join(dir, 'library.db');
  const recorded: { url: string; headers: http.IncomingHttpHeaders }[] = [];
  let other: http.Server;
  let otherOrigin: string;
  let browser: Browser;

  beforeAll(async () => {
    const video = path.join(dir, 'game.mp4');
    writeCountingVideo(video, { seconds: 4, fps: 25, size: '96x64' });
    const db = openLibrary(library);
    const game = seedGame(db, { season: '2025-26', name: 'Hawks @ Owls', videoPath: video, durationS: 4, fps: 25 });
    seedPlay(db, game, 0.5, 'Transition', 2);
    seedPlay(db, game, 2.2, 'Cut', 3.6);
    db.close();

    other = http.createServer((request, response) => {
      recorded.push({ url: request.url ?? '', headers: request.headers });
      if (request.url === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end(`<!doctype html><title>another local app</title><img src="/pixel.png"><script>fetch('/api', { credentials: 'include' }); fetch('/api2', { method: 'POST', credentials: 'include', body: 'x' });</script>`);
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      response.end('ok');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it('never reaches another server on 127.0.0.1, in any header, while the app is open and in use', async () => {
    const server = await serveLibrary(library);
    const token = new URL(server.url).searchParams.get('token')!;
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page, errors } = await newAppPage(context as unknown as Browser);
      const mediaAnswers: { url: string; status: number }[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/media/game/')) mediaAnswers.push({ url: response.url(), status: response.status() });
      });
      // Opened the way `serve --open` opens it: through the private redirect file.
      const redirect = writeRedirectFile(server.url, dir);
      await page.goto(pathToFileURL(redirect.file).href);
      await page.getByTestId('view-library').waitFor();
      expect(new URL(page.url()).origin).toBe(new URL(server.url).origin);
      redirect.remove();
      // The token left the address bar for this tab's sessionStorage; no cookie was set.
      expect(page.url()).not.toContain(token);
      expect(await context.cookies()).toEqual([]);
      expect(await page.evaluate('sessionStorage.getItem("filmroom.token")')).toBe(token);

      await page.getByTestId('nav-review').click();
      await page.getByTestId('view-review').waitFor();
      await expect.poll(() => mediaAnswers.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(mediaAnswers.every((answer) => answer.status === 200 || answer.status === 206), JSON.stringify(mediaAnswers)).toBe(true);
      expect(mediaAnswers[0]!.url).toMatch(/\/media\/game\/\d+\?sig=\d+\.[A-Za-z0-9_-]{43}$/);
      await screenshot(page, 'security-review-signed-video');
      // A reload keeps the session (sessionStorage), still without a cookie.
      await page.reload();
      await page.getByTestId('view-review').waitFor();
      expect(await context.cookies()).toEqual([]);

      // The other local server, visited in the same browser, and asked from Film Room's own tab.
      const otherPage = await context.newPage();
      await otherPage.goto(`${otherOrigin}/`);
      await expect.poll(() => recorded.filter((r) => r.url === '/api2').length).toBeGreaterThan(0);
      await page.evaluate(async (origin) => {
        await fetch(`${origin}/from-film-room`, { credentials: 'include', mode: 'no-cors' }).catch(() => undefined);
      }, otherOrigin).catch(() => undefined); // the CSP may refuse it: then nothing is sent at all
      await otherPage.reload();
      await expect.poll(() => recorded.filter((r) => r.url === '/api2').length).toBeGreaterThan(1);

      expect(recorded.length).toBeGreaterThan(4);
      const signature = new URL(mediaAnswers[0]!.url).searchParams.get('sig')!;
      for (const { url, headers } of recorded) {
        const all = JSON.stringify(headers);
        expect(all, `${url}: ${all}`).not.toContain(token);
        expect(all, `${url}: ${all}`).not.toContain(signature.split('.')[1]);
        expect(headers.cookie, url).toBeUndefined();
      }
      expect(errors.filter((error) => !/Content Security Policy|from-film-room/.test(error))).toEqual([]);
      await context.close();
    } finally {
      await server.stop();
    }
  });
});
