import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { launchChromium, newAppPage, screenshot, serveLibrary, withoutMissingVideo } from '../helpers/browser.js';
import { seedFeatureLibrary } from '../helpers/feature-library.js';
import { suiteTempDir } from '../helpers/temp.js';

/** The little of a <canvas> the test reads (this tsconfig has no DOM types: tests run in Node). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Pixels a chart has painted (chart.js leaves the rest of its canvas transparent). */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

/**
 * Records every value the loss chart's point count takes from now on, in the page (a fast run may
 * finish between two polls from here). A string, because this tsconfig has no DOM types.
 */
function recordCurveGrowth(page: Page): Promise<void> {
  return page.evaluate(`(() => {
    const seen = (window.curvePoints = []);
    const read = () => {
      const value = Number(document.querySelector('[data-testid=curve-loss]')?.getAttribute('data-points'));
      if (Number.isFinite(value) && seen.at(-1) !== value) seen.push(value);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points'] });
  })()`);
}

/** The epoch the run monitor shows ("7 / 400" → 7). */
async function epochShown(page: Page): Promise<number> {
  return Number((await page.getByTestId('run-epoch').innerText()).split(' / ')[0]);
}

/** Polls from here (the page's CSP forbids the string predicates waitForFunction would evaluate there). */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Training and Evaluation views in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-training-');
  const library = path.join(dir, 'library.db');
  let browser: Browser;

  beforeAll(async () => {
    // Cached "features" for 6 games × 12 plays of 4 types, no video: the training child uses them directly.
    const db = openLibrary(library);
    try {
      await seedFeatureLibrary(db, { games: 6, playsPerGame: 12, types: 4 });
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('trains from cached features with live curves to the end, then lists a matrix cell’s plays and opens one in Review', { timeout: 240_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-training').click();
      await page.getByTestId('view-training').waitFor();

      // No runs yet; the form starts from this library's defaults, which are not cached.
      await page.getByTestId('run-list').getByText('No runs yet').waitFor();
      const preset = page.getByTestId('training-preset');
      await preset.locator('option').nth(1).waitFor({ state: 'attached' });
      expect(await page.getByTestId('training-cache').getAttribute('data-cached')).toBe('false');
      // Features not cached yet: the estimate counts computing them for every play first.
      await page.getByTestId('training-estimate').filter({ hasText: 'on this machine' }).waitFor({ timeout: 90_000 });
      expect(await page.getByTestId('training-estimate').innerText()).toMatch(/on this machine: features for 72 plays \([\d.]+ m?s a frame with .+\), then at most 30 epochs/);

      // Start from the cached feature set: the backbone matches the seeded spec (random:0 block1_pool avg 32 px).
      await preset.selectOption({ index: 1 });
      expect(await page.getByTestId('training-cache').getAttribute('data-cached')).toBe('true');
      expect(await page.getByTestId('training-cut-block1_pool').isChecked()).toBe(true);
      expect(await page.getByTestId('training-pooling').inputValue()).toBe('avg');
      expect(await page.getByTestId('training-size').locator('option:checked').innerText()).toMatch(/^32×32/);
      expect(await page.getByTestId('training-weights').inputValue()).toBe('random:0');
      expect(await page.getByTestId('training-dim').innerText()).toMatch(/becomes 64 numbers/);
      // The form says how long the run would take here, and what that rests on (measured in a worker).
      const estimate = page.getByTestId('training-estimate');
      await estimate.filter({ hasText: 'on this machine' }).waitFor({ timeout: 90_000 });
      expect(await estimate.innerText()).toMatch(/^(About \d+ (min|h)|Under a minute) on this machine: at most 30 epochs of [\d.]+ m?s over 72 plays/);
      await page.setViewportSize({ width: 1024, height: 700 });
      await estimate.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'training-estimate-1024x700');
      await page.setViewportSize({ width: 1280, height: 800 });

      // A bad value is refused in the form, in plain words, before anything is sent.
      await page.getByTestId('training-units').fill('0');
      expect(await page.getByTestId('training-units-error').innerText()).toBe('At least 1.');
      expect(await page.getByTestId('training-form-status').innerText()).toMatch(/Fix 1 field/);
      await page.getByTestId('training-units').fill('32');
      // A held-out share that leaves almost nothing to train on is warned about (and may still be used).
      const heldOut = await page.getByTestId('training-heldout').inputValue();
      expect(await page.getByTestId('training-heldout-warning').count()).toBe(0);
      await page.getByTestId('training-heldout').fill('0.9');
      expect(await page.getByTestId('training-heldout-warning').innerText()).toMatch(/Only 10% of the games would be trained on/);
      await page.getByTestId('training-heldout').fill(heldOut);
      expect(await page.getByTestId('training-heldout-warning').count()).toBe(0);

      await page.getByTestId('training-epochs').fill('15');
      await page.getByTestId('training-batch').fill('8');
      await page.getByTestId('training-patience').fill('15');
      await page.getByTestId('training-name').fill('e2e run');
      await recordCurveGrowth(page);
      await page.getByTestId('training-start').click();

      const monitor = page.getByTestId('run-monitor');
      await monitor.waitFor();
      // Start brings the live run into view, whatever the window's height.
      await expect
        .poll(() => page.evaluate<boolean>(`(() => { const r = document.querySelector('[data-testid=run-monitor]').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2; })()`))
        .toBe(true);
      const runId = await monitor.getAttribute('data-run');
      expect(await monitor.locator('h2').innerText()).toBe('e2e run');
      // The Jobs panel follows the same job.
      await page.getByTestId(`job-train-${runId}`).waitFor({ timeout: 30_000 });

      await page.locator('[data-testid=run-monitor][data-status=finished]').waitFor({ timeout: 180_000 });
      // The curve grew an epoch at a time: training and validation points, 2 per epoch, up to 15 epochs.
      const seen = await page.evaluate<number[]>('window.curvePoints');
      const growth = seen.filter((value) => value > 0);
      expect(growth.length).toBeGreaterThanOrEqual(3);
      expect(growth).toEqual([...growth].sort((a, b) => a - b));
      expect(Number(await page.getByTestId('curve-loss').getAttribute('data-points'))).toBe(30);
      expect(await page.getByTestId('run-epoch').innerText()).toBe('15 / 15');
      // The counter counts epochs completed (the job's line names the one in progress, "epoch 16/…").
      expect(await page.getByTestId('run-epoch').locator('xpath=preceding-sibling::dt').textContent()).toBe('Epochs done');
      expect(await page.getByTestId('run-best').innerText()).toMatch(/^\d+ · val loss \d/);
      expect(await paintedPixels(page, '[data-testid=curve-loss] canvas')).toBeGreaterThan(500);
      expect(await page.getByTestId(`run-row-${runId}`).innerText()).toMatch(/Finished/);
      await page.evaluate(`document.getElementById('main-content').scrollTo(0, 0)`);
      await screenshot(page, 'training-view');

      // Evaluation: the matrix of the run just finished.
      await page.getByTestId('run-evaluate').click();
      await page.getByTestId('view-evaluation').waitFor();
      const canvas = page.getByTestId('matrix-canvas');
      await page.locator('[data-testid=matrix-canvas][data-chart-area]').waitFor();
      const classes = Number(await canvas.getAttribute('data-classes'));
      expect(classes).toBe(11);
      expect(await paintedPixels(page, '[data-testid=matrix-canvas]')).toBeGreaterThan(1000);

      // A non-empty cell, clicked at its centre on the canvas.
      const cells = await page.getByTestId('matrix-table').locator('td[data-count]').evaluateAll((tds) =>
        tds.map((td) => ({
          x: Number(td.getAttribute('data-predicted')),
          y: Number(td.getAttribute('data-true')),
          count: Number(td.getAttribute('data-count')),
        })),
      );
      expect(cells).toHaveLength(classes * classes);
      const total = cells.reduce((sum, cell) => sum + cell.count, 0);
      expect(await page.getByTestId('evaluation-headline').innerText()).toContain(`${total} plays`);
      const target = cells.filter((cell) => cell.count > 0).sort((a, b) => b.count - a.count)[0]!;
      const [left, top, right, bottom] = (await canvas.getAttribute('data-chart-area'))!.split(',').map(Number) as [number, number, number, number];
      await canvas.click({
        position: { x: left + ((target.x + 0.5) * (right - left)) / classes, y: top + ((target.y + 0.5) * (bottom - top)) / classes },
      });

      const list = page.getByTestId('cell-play-list');
      await list.waitFor();
      expect(await list.locator('li').count()).toBe(target.count);
      await screenshot(page, 'evaluation-view');

      // Row shares: the same matrix, each row summing to 100%.
      await page.getByTestId('matrix-mode-share').check({ force: true });
      expect(await page.getByTestId('matrix-mode-share').isChecked()).toBe(true);

      await list.locator('button').first().click();
      await page.waitForURL(/#review$/);
      await page.getByTestId('view-review').waitFor();
      // The seeded games have no video files: Review says so in the host's words (the 404 is expected).
      await expect.poll(() => page.getByTestId('video-error').innerText()).toMatch(/is missing/);
      expect(withoutMissingVideo(errors)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('stops a run after its batch, resumes it from its checkpoint, and overlays it on the first run', { timeout: 240_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-training').click();
      // The finished run of the test before is listed and shown.
      await page.locator('[data-testid=run-monitor][data-status=finished]').waitFor();
      const firstRun = await page.getByTestId('run-monitor').getAttribute('data-run');

      // "Copy settings" puts that run's spec back in the form; then a long run to stop midway.
      await page.getByTestId('run-use-settings').click();
      expect(await page.getByTestId('training-cache').getAttribute('data-cached')).toBe('true');
      expect(await page.getByTestId('training-units').inputValue()).toBe('32');
      await page.getByTestId('training-epochs').fill('400');
      await page.getByTestId('training-patience').fill('400');
      await page.getByTestId('training-start').click();

      const running = page.locator('[data-testid=run-monitor][data-status=running]');
      await running.waitFor({ timeout: 30_000 });
      const runId = await running.getAttribute('data-run');
      expect(runId).not.toBe(firstRun);
      // Progress with time left while it trains; the epoch counter moves.
      await page.getByTestId('run-progress').waitFor();
      await until(async () => (await epochShown(page)) >= 3, 60_000);
      expect(await page.getByTestId('run-eta').innerText()).toMatch(/left|almost done|estimating/);

      // Switching views does not lose the run: back on Training it is still followed.
      await page.getByTestId('nav-library').click();
      await page.getByTestId('nav-training').click();
      await running.waitFor();

      await page.getByTestId('run-stop').click();
      await page.locator('[data-testid=run-monitor][data-status=cancelled]').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('run-error').innerText()).toMatch(/Resume continues from there/);
      const stoppedAt = await epochShown(page);
      expect(stoppedAt).toBeGreaterThanOrEqual(3);

      // Resume continues from the checkpoint: the count goes on past where it stopped, not from 1.
      await page.getByTestId('run-resume').click();
      await running.waitFor({ timeout: 30_000 });
      await until(async () => (await epochShown(page)) >= stoppedAt + 2, 60_000);
      const points = Number(await page.getByTestId('curve-loss').getAttribute('data-points'));
      expect(points).toBeGreaterThanOrEqual(2 * (stoppedAt + 2));
      await page.getByTestId('run-stop').click();
      await page.locator('[data-testid=run-monitor][data-status=cancelled]').waitFor({ timeout: 60_000 });

      // Overlay the first run: its 15 epochs join the curves, and the legend names both runs.
      const before = Number(await page.getByTestId('curve-loss').getAttribute('data-points'));
      await page.getByTestId(`run-compare-${firstRun}`).check();
      await page.locator(`[data-testid=curve-loss][data-points="${before + 30}"]`).waitFor();
      const legend = await page.getByTestId('run-monitor').locator('.legend').innerText();
      expect(legend).toContain('e2e run');
      // A stopped run names its engine in full, also in a 1024-pixel window.
      for (const size of [{ width: 1024, height: 700 }, { width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
        await page.setViewportSize(size);
        const engine = page.getByTestId('run-engine');
        expect(await engine.innerText()).toMatch(/\w/);
        expect(await engine.evaluate((dd) => dd.scrollWidth <= dd.clientWidth && dd.scrollHeight <= dd.clientHeight + 1)).toBe(true);
        await page.evaluate(`document.getElementById('main-content').scrollTo(0, 0)`);
        await screenshot(page, `training-stopped-${size.width}x${size.height}`);
      }
      await page.evaluate(`document.getElementById('main-content').scrollTo(0, 0)`);
      await screenshot(page, 'training-compare');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
