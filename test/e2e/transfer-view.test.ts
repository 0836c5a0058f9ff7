import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeason } from '../../main/import/import-season.js';
import { openLibrary } from '../../main/library/database.js';
import { writeSetting } from '../../main/library/repositories/settings.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { readKerasH5, readVariantKerasH5 } from '../../main/ml/weights/keras-h5-read.js';
import { randomWeights } from '../../main/ml/weights/random-weights.js';
import { synthesizeSeason } from '../../main/synth/index.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { suiteTempDir } from '../helpers/temp.js';

describe('fine-tuning from the Training view’s model panel in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-transfer-');
  const library = path.join(dir, 'library.db');
  let browser: Browser;

  beforeAll(async () => {
    const season = path.join(dir, 'season');
    await synthesizeSeason({ outDir: season, games: 3, playsPerGame: 3, seed: 5, width: 160 });
    const db = openLibrary(library);
    try {
      writeSetting(db, 'frame_size', 32);
      const report = await importSeason(db, { target: season, clipCache: ClipCache.besideLibrary(db.name) });
      expect(report.errors).toEqual([]);
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ticks a conv to train, trains the whole network with progress, proves the frozen conv unchanged and saves the tuned backbone', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-training').click();
      const panel = page.getByTestId('features-model');
      await panel.scrollIntoViewIfNeeded();
      await page.getByTestId('model-cut').selectOption('block1_pool');
      await page.getByTestId('layer-block1_conv2').getByRole('checkbox').check();
      // The panel counts what will train: block1_conv2 is 3·3·64·64 + 64 = 36,928 weights more than the head alone.
      await page.getByTestId('transfer-epochs').fill('1');
      await page.getByTestId('transfer-frames').fill('2');
      await page.getByTestId('transfer-save-as').fill('tuned-e2e');
      await page.getByTestId('transfer-start').click();

      await page.getByTestId('transfer-result').waitFor({ timeout: 90_000 });
      expect(await page.getByTestId('transfer-frozen').innerText()).toMatch(/^1 conv unchanged/);
      expect(await page.getByTestId('transfer-saved').innerText()).toContain('tuned-e2e');
      const accuracy = Number((await page.getByTestId('transfer-accuracy').innerText()).replace('%', ''));
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(100);
      // The new weight set is offered at once as weights to pick.
      await expect.poll(() => page.getByTestId('model-weights').locator('option').allInnerTexts()).toContainEqual(expect.stringContaining('tuned-e2e'));
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'training-fine-tune');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
    // On disk: a Keras .h5 whose block1 weights load back by name.
    const weights = await readKerasH5(path.join(dir, 'library.weights', 'tuned-e2e.h5'), { upTo: 'block1_pool' });
    expect([...weights.keys()]).toEqual(['block1_conv1', 'block1_conv2']);
  });

  it('replaces block1 by one 5×5 conv from the app and reports the speed-up and the block5 cosine', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-training').click();
      const panel = page.getByTestId('block1-surgery');
      await panel.scrollIntoViewIfNeeded();
      await page.getByTestId('surgery-weights').selectOption('random'); // random:0
      await page.getByTestId('surgery-epochs').fill('1');
      await page.getByTestId('surgery-name').fill('random-5x5');
      await page.getByTestId('surgery-start').click();
      await page.getByTestId('surgery-result').waitFor({ timeout: 100_000 });
      const speed = /^×(\d+\.\d+)/.exec(await page.getByTestId('surgery-speed').innerText());
      expect(Number(speed![1])).toBeGreaterThan(0);
      const cosine = Number(/mean cosine (-?\d\.\d+)/.exec(await page.getByTestId('surgery-cosine').innerText())![1]);
      expect(cosine).toBeGreaterThan(0);
      expect(cosine).toBeLessThanOrEqual(1);
      // Saved as a weight set: offered at once wherever weights are picked.
      expect(await page.getByTestId('surgery-saved').innerText()).toContain('random-5x5');
      await expect.poll(() => page.getByTestId('surgery-weights').locator('option').allInnerTexts()).toContainEqual(expect.stringContaining('random-5x5'));
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'training-surgery');

      // The same name again is refused in words, before any work.
      await page.getByTestId('surgery-start').click();
      await panel.getByRole('alert').filter({ hasText: 'choose another name' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
    // The file: block1_conv5x5, and every later weight exactly random:0's.
    const { weights } = await readVariantKerasH5(path.join(dir, 'library.weights', 'random-5x5.h5'));
    const original = randomWeights(0);
    expect(weights.get('block1_conv5x5')!.kernelShape).toEqual([5, 5, 3, 64]);
    expect(weights.has('block1_conv1')).toBe(false);
    for (const [name, layer] of original) {
      if (name.startsWith('block1_')) continue;
      expect(Buffer.from(weights.get(name)!.kernel.buffer).equals(Buffer.from(layer.kernel.buffer)), name).toBe(true);
    }
  });
});
