/**
 * A transfer run is a run in every view: a fine-tuning run trained on a real (tiny) library is
 * listed in Training with its own description and curves, scored in Evaluation with its reliability,
 * and its predictions are offered in Review.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferRunSpec } from '../../shared/api/transfer.js';
import { openLibrary } from '../../main/library/index.js';
import { getRun } from '../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { runTransfer } from '../../main/training/run-transfer.js';
import { launchChromium, newAppPage, screenshot, serveLibrary, withoutMissingVideo } from '../helpers/browser.js';
import { handSeasonLibrary } from '../helpers/season.js';
import { suiteTempDir } from '../helpers/temp.js';

describe('a transfer run in the app’s views, in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-transfer-run-');
  const library = path.join(dir, 'library.filmroom.db');
  let browser: Browser;
  let runId: number;

  beforeAll(async () => {
    await handSeasonLibrary(library, { games: 4, playsPerGame: 3, frameSize: 32 });
    const db = openLibrary(library);
    try {
      const spec = TransferRunSpec.parse({
        model: { kind: 'clip', backbone: { weights: 'random:2', cut: 'block1_pool', size: 32, frames: 2 }, trainable: ['block1_conv2'], head: { cell: 'gru', units: 4 } }, epochs: 3,
      });
      runId = (await runTransfer(db, ClipCache.besideLibrary(db.name), spec, { name: 'fine-tune block1', backend: 'wasm' })).runId;
      expect(getRun(db, runId).status).toBe('finished');
    } finally {
      db.close();
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('is listed in Training, scored in Evaluation and offered in Review', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-training').click();
      const select = page.getByTestId(`run-select-${runId}`);
      await select.waitFor();
      expect(await select.innerText()).toBe('fine-tune block1');
      expect(await select.getAttribute('title')).toMatch(/^fine-tune · random:2 · block1_pool · 32 px · trains block1_conv2 at 0\.00001 → avg → GRU 4 · lr 0\.001 · batch 4 · 3 epochs/);
      await select.click();
      await page.getByText('Run ' + runId, { exact: true }).waitFor();
      // Head settings do not fit the head form: the copy button is not offered for a transfer run.
      expect(await page.getByTestId('run-use-settings').count()).toBe(0);
      await screenshot(page, 'training-transfer-run');

      await page.getByTestId('nav-evaluation').click();
      await page.getByTestId('evaluation-run').selectOption(String(runId));
      await page.locator('[data-testid=matrix-canvas][data-chart-area]').waitFor();
      await page.getByTestId('reliability').waitFor();
      await screenshot(page, 'evaluation-transfer-run');

      await page.getByTestId('nav-review').click();
      // Review loads its run list after it opens: wait for it rather than read it at once.
      const offersTheRun = async () => (await page.getByTestId('review-run').locator('option').allInnerTexts()).some((o) => o.includes('fine-tune block1'));
      await expect.poll(offersTheRun, { timeout: 15_000 }).toBe(true);
      expect(withoutMissingVideo(errors)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
