/**
 * Review shows a phone's rotated video upright: the film is streamed as it is stored, and Chromium
 * applies the MP4's rotation itself. Checked in real Chromium against ffmpeg's autorotated frame,
 * with the library's displayed size (portrait) beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { ARTIFACTS, launchChromium, newAppPage, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';
import { ffmpeg } from '../helpers/video.js';

/** The <video> element's own fields (this tsconfig has no DOM types). */
interface VideoElement {
  readyState: number;
  videoWidth: number;
  videoHeight: number;
}

describe('Review shows rotated video upright', () => {
  const dir = suiteTempDir('filmroom-rotated-e2e-');
  const library = path.join(dir, 'library.db');
  const season = path.join(dir, 'season');
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(season);
    // Bright on the left third of the stored 160×96 picture; the MP4 turns it a quarter for display.
    const stored = path.join(dir, 'stored.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=160x96:r=25:d=4', '-vf', "geq=lum='if(lt(X\\,53)\\,235\\,16)':cb=128:cr=128", '-c:v', 'libx264', '-pix_fmt', 'yuv420p', stored]);
    ffmpeg(['-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(season, 'phone.mp4')]);
    fs.writeFileSync(path.join(season, 'phone.xml'), '<file><ALL_INSTANCES><instance><ID>1</ID><start>0.5</start><end>3</end><code>Cut</code></instance></ALL_INSTANCES></file>');
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('stores the portrait size, and the <video> Review plays is portrait with the bright band where ffmpeg puts it', { timeout: 120_000 }, async () => {
    const db = openLibrary(library);
    const game = db.prepare('SELECT width, height FROM games').get() as { width: number; height: number };
    db.close();
    expect([game.width, game.height]).toEqual([96, 160]);

    // Where the bright band is once turned: ffmpeg's autorotated frame, as rows of mean brightness.
    const size = 8;
    const reference = ffmpeg(['-ss', '1', '-i', path.join(season, 'phone.mp4'), '-frames:v', '1', '-vf', `scale=${size}:${size}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    const referenceRows = Array.from({ length: size }, (_, y) => reference.subarray(y * size, (y + 1) * size).reduce((a, b) => a + b, 0) / size);

    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-review').click();
      const video = page.getByTestId('review-video');
      await expect.poll(() => video.evaluate((v: VideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      const shown = await video.evaluate((v: VideoElement) => [v.videoWidth, v.videoHeight]);
      expect(shown).toEqual([96, 160]); // Chromium applies the rotation: the picture is portrait

      // The picture itself, drawn as Chromium shows it, in the same 8×8 rows of brightness.
      const rows = await video.evaluate((v: unknown, n: number) => {
        const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
        const canvas = doc.createElement('canvas') as { width: number; height: number; getContext(kind: string): { drawImage(...args: unknown[]): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        canvas.width = n;
        canvas.height = n;
        const context = canvas.getContext('2d');
        context.drawImage(v, 0, 0, n, n);
        const data = context.getImageData(0, 0, n, n).data;
        return Array.from({ length: n }, (_, y) => {
          let sum = 0;
          for (let x = 0; x < n; x++) sum += data[(y * n + x) * 4]!;
          return sum / n;
        });
      }, size);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'review-rotated-1280x800.png') });
      // The band runs across the rows (top or bottom, as ffmpeg's frame has it), not down the left side.
      for (let y = 0; y < size; y++) expect(Math.abs(rows[y]! - referenceRows[y]!), `row ${y}: ${rows.join(',')} vs ${referenceRows.join(',')}`).toBeLessThan(40);
      expect(Math.abs(referenceRows[0]! - referenceRows[size - 1]!)).toBeGreaterThan(150);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
