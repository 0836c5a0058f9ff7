import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../main/annotations/csv-records.js';
import { openLibrary } from '../../main/library/database.js';
import { storePredictions } from '../../main/library/repositories/predictions.js';
import { listPlayTypes } from '../../main/library/repositories/taxonomy.js';
import { createRun, updateRun } from '../../main/library/repositories/training-runs.js';
import { ModelSpec } from '../../shared/api/model-spec.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/temp.js';

describe('the Reports view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-reports-');
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('exports the plays CSV with a run’s predictions into the reports folder, and it parses back row for row', async () => {
    const library = path.join(dir, 'lib.db');
    const db = openLibrary(library);
    const game = seedGame(db, { season: '2025-26', name: 'Hawks @ Owls' });
    const plays = [seedPlay(db, game, 5, 'Transition'), seedPlay(db, game, 30, 'Cut'), seedPlay(db, game, 60, 'Postup')];
    const run = createRun(db, 'e2e run', ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 64 } }));
    const types = listPlayTypes(db).map((t) => t.id);
    storePredictions(db, run.id, [{ playId: plays[1]!, playType: 'Cut', confidence: 0.75, probabilities: Object.fromEntries(types.map((t) => [t, t === 'Cut' ? 0.75 : 0.025])) }]);
    updateRun(db, run.id, { status: 'finished' });
    db.close();

    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(`${server.url}#reports`);
      await page.getByTestId('report-kind-plays').check();
      await page.getByTestId('report-run').locator('option', { hasText: 'e2e run' }).waitFor({ state: 'attached' });
      await page.getByTestId('report-run').selectOption({ label: `Run ${run.id}: e2e run` });
      const out = path.join(dir, 'lib.reports', 'plays.csv');
      await page.getByTestId('report-out').fill('plays.csv');
      await page.getByTestId('report-export').click();
      await page.getByTestId('report-result').waitFor();
      expect(await page.getByTestId('report-rows').innerText()).toBe('3');
      expect(await page.getByTestId('report-path').innerText()).toBe(out);
      expect(await page.getByTestId('report-download').getAttribute('href')).toMatch(/^blob:/);
      await screenshot(page, 'reports-view');

      const [header, ...rows] = parseCsvRecords(fs.readFileSync(out, 'utf8'), ',').map((r) => r.fields).filter((f) => f.length > 1);
      const column = (name: string) => header!.indexOf(name);
      expect(rows.map((r) => [r[column('start_s')], r[column('true_type')], r[column('predicted_type')], r[column('confidence')], r[column('p_Cut')]])).toEqual([
        ['5.000', 'Transition', '', '', ''],
        ['30.000', 'Cut', 'Cut', '0.75', '0.75'],
        ['60.000', 'Post-Up', '', '', ''],
      ]);

      // A path outside the reports folder is refused in plain words, and nothing is written there.
      const outside = path.join(dir, 'exports', 'plays.csv');
      await page.getByTestId('report-out').fill(outside);
      await page.getByTestId('report-export').click();
      await page.getByRole('alert').getByText(/inside the library’s reports folder/).waitFor();
      expect(fs.existsSync(path.dirname(outside))).toBe(false);
      // A browser has no save dialog: the download link is how a copy goes anywhere else.
      expect(await page.getByTestId('report-choose').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
  it('the Sportscode edit list starts on the true labels and an .xml name, whatever the plays export chose before', async () => {
    const library = path.join(dir, 'kinds.db');
    const db = openLibrary(library);
    const game = seedGame(db, { season: '2025-26', name: 'Kites @ Owls' });
    const plays = [seedPlay(db, game, 5, 'Postup'), seedPlay(db, game, 30, 'OffRebound')];
    const run = createRun(db, 'kinds run', ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 64 } }));
    const types = listPlayTypes(db).map((t) => t.id);
    storePredictions(db, run.id, plays.map((playId) => ({ playId, playType: 'Cut', confidence: 0.6, probabilities: Object.fromEntries(types.map((t) => [t, t === 'Cut' ? 0.6 : 0.04])) })));
    updateRun(db, run.id, { status: 'finished' });
    db.close();

    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(`${server.url}#reports`);
      const runSelect = page.getByTestId('report-run');
      await runSelect.locator('option', { hasText: 'kinds run' }).waitFor({ state: 'attached' });
      await page.getByTestId('report-kind-plays').check();
      await runSelect.selectOption({ label: `Run ${run.id}: kinds run` });
      await page.getByTestId('report-kind-sportscode').check();
      await page.getByTestId('report-game').waitFor();
      expect((await runSelect.locator('option:checked').innerText()).trim()).toBe('True labels');
      expect(await page.getByTestId('report-out').getAttribute('placeholder')).toMatch(/\.xml$/);
      await page.getByTestId('report-export').click();
      await page.getByTestId('report-result').waitFor();
      const written = await page.getByTestId('report-path').innerText();
      expect(written).toMatch(/\.xml$/);
      // The true labels, by the names analysts use.
      expect([...fs.readFileSync(written, 'utf8').matchAll(/<instance>[\s\S]*?<code>([^<]*)<\/code>/g)].map((m) => m[1])).toEqual(['Post-Up', 'Putback']);
      for (const size of [{ width: 1024, height: 700 }, { width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
        await page.setViewportSize(size);
        await screenshot(page, `reports-sportscode-${size.width}x${size.height}`);
      }
      // Back on the plays export, the newest finished run is chosen again.
      await page.getByTestId('report-kind-plays').check();
      expect((await runSelect.locator('option:checked').innerText()).trim()).toBe(`Run ${run.id}: kinds run`);
      expect(await page.getByTestId('report-out').getAttribute('placeholder')).toMatch(/\.csv$/);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
