import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../shared/api/training.js';
import { openLibrary } from '../../main/library/database.js';
import { createRun, getRun } from '../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { trainRun } from '../../main/training/run-training.js';
import { launchChromium, newAppPage, screenshot, serveLibrary, withoutMissingVideo } from '../helpers/browser.js';
import { seedFeatureLibrary } from '../helpers/feature-library.js';
import { suiteTempDir } from '../helpers/temp.js';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

describe('the Evaluation view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-evaluation-');
  const library = path.join(dir, 'library.db');
  const evaluations = new Map<number, Evaluation>();
  let browser: Browser;

  beforeAll(async () => {
    // Noisy features of 6 types and two short runs: a matrix with confusions off the diagonal.
    const db = openLibrary(library);
    try {
      const { spec } = await seedFeatureLibrary(db, { games: 6, playsPerGame: 12, types: 6, noise: 1.5, seed: 5 });
      for (const units of [8, 16]) {
        const run = createRun(db, `units ${units}`, spec({ epochs: 3, head: { units } }));
        await trainRun(db, ClipCache.besideLibrary(db.name), run.id, { backend: 'wasm' });
        evaluations.set(run.id, getRun(db, run.id).evaluation!);
      }
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the newest run’s matrix and scores, lists a cell picked with the keyboard, and switches runs', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-evaluation').click();
      await page.locator('[data-testid=matrix-canvas][data-chart-area]').waitFor();

      // The newest run first, its headline and per-class scores as the library holds them.
      const [first, newest] = [...evaluations.keys()];
      const shown = evaluations.get(newest!)!;
      expect(await page.getByTestId('evaluation-run').inputValue()).toBe(String(newest));
      expect(await page.getByTestId('evaluation-accuracy').innerText()).toBe(pct(shown.accuracy));
      for (const row of shown.perClass.filter((c) => c.support > 0)) {
        const cells = await page.getByTestId(`class-row-${row.playType}`).locator('td').allInnerTexts();
        expect(cells.slice(0, 3).map((text) => text.trim())).toEqual([pct(row.precision), pct(row.recall), pct(row.f1)]);
        expect(cells[3]).toBe(String(row.support));
      }

      // Arrow keys from the top-left cell to a confused one (or the fullest), Enter lists its plays.
      const cells = shown.confusion.flatMap((row, y) => row.map((count, x) => ({ x, y, count })));
      const target = cells.find((c) => c.x !== c.y && c.count > 0) ?? cells.sort((a, b) => b.count - a.count)[0]!;
      await page.getByRole('application').focus();
      for (let i = 0; i < target.x; i++) await page.keyboard.press('ArrowRight');
      for (let i = 0; i < target.y; i++) await page.keyboard.press('ArrowDown');
      if (target.x === 0 && target.y === 0) await page.keyboard.press('ArrowLeft'); // a first key places the cursor
      await page.keyboard.press('Enter');
      const list = page.getByTestId('cell-play-list');
      await list.waitFor();
      expect(await list.locator('li').count()).toBe(target.count);
      const heading = await page.getByTestId('cell-plays').locator('h2').innerText();
      expect(heading.toLowerCase()).toMatch(target.x === target.y ? /predicted right/ : / read as /);

      // Row shares, then back to counts: the same matrix, still drawn.
      await page.getByText('Share of each row').click();
      expect(await page.getByTestId('matrix-mode-share').isChecked()).toBe(true);
      await screenshot(page, 'evaluation-confusions');
      await page.getByText('Counts', { exact: true }).click();

      // The older run: its own headline; the cell list belonged to the other run, so it goes.
      await page.getByTestId('evaluation-run').selectOption(String(first));
      await page.getByTestId('evaluation-accuracy').filter({ hasText: pct(evaluations.get(first!)!.accuracy) }).waitFor();
      await page.getByTestId('cell-hint').waitFor();
      expect(await page.getByTestId('cell-plays').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
  it('shows the newest run’s reliability on its held-out games, before and after the temperature fitted on its validation games', { timeout: 60_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const db = openLibrary(library);
      const newest = [...evaluations.keys()].at(-1)!;
      const calibration = getRun(db, newest).calibration!;
      db.close();
      expect(calibration.temperature).toBeGreaterThan(0);
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-evaluation').click();
      const section = page.getByTestId('reliability');
      await section.waitFor();
      expect(await page.getByTestId('ece-before').innerText()).toBe(calibration.before.ece.toFixed(3));
      expect(await page.getByTestId('ece-after').innerText()).toBe(calibration.after.ece.toFixed(3));
      // One bar per non-empty bin, before and after.
      const nonEmpty = (r: typeof calibration.before) => r.bins.filter((b) => b.count > 0).length;
      expect(await section.locator('rect.before').count()).toBe(nonEmpty(calibration.before));
      expect(await section.locator('rect.after').count()).toBe(nonEmpty(calibration.after));
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'evaluation-reliability-1280');
      await page.setViewportSize({ width: 1024, height: 700 });
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'evaluation-reliability-1024');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
  it('follows a cell’s play to Review, which opens that play even though its video is missing', { timeout: 60_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-evaluation').click();
      await page.locator('[data-testid=matrix-canvas][data-chart-area]').waitFor();
      // The fullest cell of the newest run's matrix.
      const newest = [...evaluations.keys()].at(-1)!;
      const cells = evaluations.get(newest)!.confusion.flatMap((row, y) => row.map((count, x) => ({ x, y, count })));
      const fullest = cells.sort((a, b) => b.count - a.count)[0]!;
      await page.getByRole('application').focus();
      await page.keyboard.press('ArrowLeft'); // a first key places the cursor on the top-left cell
      for (let i = 0; i < fullest.x; i++) await page.keyboard.press('ArrowRight');
      for (let i = 0; i < fullest.y; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const first = page.getByTestId('cell-play-list').locator('button').first();
      await first.waitFor();
      const playId = Number((await first.getAttribute('data-testid'))!.replace('cell-play-', ''));
      await first.click();

      await page.getByTestId('view-review').waitFor();
      await expect.poll(() => page.getByTestId(`true-segment-${playId}`).getAttribute('class')).toContain('current');
      // In the host's words: which file, and what to do.
      await expect.poll(() => page.getByTestId('video-error').innerText()).toMatch(/^The video of game \d+ is missing \(game-\d+\.mp4\): move it back or import the game again\.$/);
      // The prediction shown is the run's own, from the run the matrix showed.
      expect(await page.getByTestId('review-run').inputValue()).toBe(String(newest));
      expect(await page.getByTestId('current-prediction').count()).toBe(1);
      await screenshot(page, 'review-from-evaluation');
      expect(withoutMissingVideo(errors)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
