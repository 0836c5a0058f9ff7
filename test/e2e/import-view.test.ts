import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';
import { writeCountingVideo } from '../helpers/video.js';

describe('the Import view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-import-');
  const season = path.join(dir, 'season');
  let browser: Browser;

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '2', '--plays-per-game', '3', '--seed', '4', '--size', '160']).output;
    expect(synth.code, synth.stderr).toBe(0);
    // Line 8 of the CSV (a header and six plays before it): a play whose type nobody knows.
    fs.appendFileSync(path.join(season, 'annotations.csv'), 'Game 001,game-001.mp4,1.0,2.0,Alley-oop,,,,,\r\n');
    // A third game with a Sportscode edit list as Sportscode writes it: UTF-16 LE, BOM, CR, a bare "&".
    writeCountingVideo(path.join(season, 'scrimmage.mp4'), { seconds: 4, fps: 25 });
    const list = '<file><ALL_INSTANCES>\r<instance><ID>1</ID><start>0.5</start><end>2.5</end><code>P&R Ball Handler</code></instance>\r</ALL_INSTANCES></file>';
    fs.writeFileSync(path.join(season, 'scrimmage.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(list, 'utf16le')]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Waits for the import of `target` to end (a previous import's card may still be showing meanwhile). */
  async function importEnded(page: Page, target: string): Promise<void> {
    await page
      .locator('[data-testid=import-job]:not([data-state=running])')
      .filter({ has: page.getByTestId('import-target').getByText(target, { exact: true }) })
      .waitFor({ timeout: 20_000 });
  }

  it('imports a season folder typed into the path field, reports the bad row, and the Library fills', async () => {
    const server = await serveLibrary(path.join(dir, 'library.db'));
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-import').click();

      // Nothing to import yet: the button waits for a path, and the season's default follows the path.
      expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
      await page.getByTestId('import-path').fill(season);
      expect(await page.getByTestId('import-start').isDisabled()).toBe(false);
      expect(await page.getByTestId('import-season').getAttribute('placeholder')).toBe('Default: season');
      await page.getByTestId('import-path').press('Enter');

      await importEnded(page, season);
      expect(await page.getByTestId('import-job').getAttribute('data-state')).toBe('finished');
      expect(await page.getByTestId('games-added').innerText()).toBe('3');
      expect(await page.getByTestId('plays-added').innerText()).toBe('7');
      expect(await page.getByTestId('clips-added').innerText()).toBe('7');
      // The edit list's unescaped "&": read, with one note for the file.
      expect(await page.getByTestId('import-warning').allInnerTexts()).toEqual([expect.stringMatching(/^scrimmage\.xml: 1 bare "&" \(first on line 2\) read as text/)]); // line 2: a CR ends line 1
      expect(await page.getByTestId('games-present').innerText()).toBe('0');

      expect(await page.getByTestId('import-error-count').innerText()).toBe('1');
      const errorRows = page.getByTestId('import-errors').locator('tbody tr');
      expect(await errorRows.count()).toBe(1);
      const cells = errorRows.first().locator('td');
      expect(await cells.nth(0).innerText()).toBe('annotations.csv');
      expect(await cells.nth(0).getAttribute('title')).toBe(path.join(season, 'annotations.csv'));
      expect(await cells.nth(1).innerText()).toBe('8');
      expect(await cells.nth(2).innerText()).toContain('unknown play type "Alley-oop"');
      expect(await page.getByTestId('import-job').innerText()).toMatch(/the rest of the season was imported/);
      await screenshot(page, 'import-finished');

      // Open in Library: the imported season, with its three games.
      await page.getByTestId('import-open-library').click();
      await page.getByTestId('view-library').waitFor();
      await page.getByTestId('games').getByText('Game 002').first().waitFor();
      expect(await page.getByTestId('games').locator('li').count()).toBe(3);
      expect(await page.getByTestId('seasons').locator('[aria-current="true"]').innerText()).toMatch(/^season/);

      // Back on Import the finished import is still there; running it again adds nothing twice.
      await page.getByTestId('nav-import').click();
      expect(await page.getByTestId('import-job').getAttribute('data-state')).toBe('finished');
      await page.getByTestId('import-again').click();
      await page.getByTestId('plays-present').filter({ hasText: '7' }).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('games-present').innerText()).toBe('3');
      expect(await page.getByTestId('plays-added').innerText()).toBe('0');
      // The bad row is still bad: the problem leads, not "Nothing new".
      expect(await page.getByTestId('import-headline').innerText()).toBe('1 problem kept a file or row out; everything else was already in the library.');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
