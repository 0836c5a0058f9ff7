import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

describe('the Import view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-import-');
  const season = path.join(dir, 'season');
  let browser: Browser;

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '2', '--plays-per-game', '3', '--seed', '4', '--size', '160']).output;
    expect(synth.code, synth.stderr).toBe(0);
    // Row 8 of the CSV: a play whose type nobody knows.
    fs.appendFileSync(path.join(season, 'annotations.csv'), 'Game 001,game-001.mp4,1.0,2.0,Alley-oop,,,,,\r\n');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports a season folder typed into the path field, shows the summary and the bad row, and the Library fills', async () => {
    const server = await serveLibrary(path.join(dir, 'library.db'));
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByTestId('nav-import').click();
      await expect(page.getByTestId('import-start').isDisabled()).resolves.toBe(true);
      await page.getByTestId('import-path').fill(season);
      await page.getByTestId('import-path').press('Enter');

      await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('games-added').innerText()).toBe('2');
      expect(await page.getByTestId('plays-added').innerText()).toBe('6');
      const errorRows = page.getByTestId('import-errors').locator('tbody tr');
      expect(await errorRows.count()).toBe(1);
      const row = await errorRows.first().innerText();
      expect(row).toContain('annotations.csv');
      expect(row).toMatch(/\b8\b/);
      expect(row).toContain('unknown play type "Alley-oop"');
      await screenshot(page, 'import-finished');

      await page.getByRole('button', { name: 'Open in Library' }).click();
      await page.getByTestId('seasons').getByText('season').first().waitFor();
      expect(await page.getByTestId('count-Transition').isVisible()).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
