import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { listPlays } from '../../main/library/repositories/plays.js';
import { ARTIFACTS } from '../helpers/browser.js';
import { REPO_ROOT, spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

// The desktop app itself (run by `npm run test:electron`, which finds Electron, prepares
// better-sqlite3 for it and sets FILMROOM_ELECTRON_BINARY): the Chromium end-to-end flows, through
// the real window, preload, IPC relay, services host (a utility process) and job workers.

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Film Room’s desktop app', () => {
  const dir = suiteTempDir('filmroom-electron-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.filmroom.db');
  let app: ElectronApplication;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '5', '--plays-per-game', '6', '--seed', '12', '--size', '160']).output;
    expect(synth.code, synth.stderr).toBe(0);
    const executablePath = process.env.FILMROOM_ELECTRON_BINARY;
    if (!executablePath) throw new Error('Run this suite with `npm run test:electron`: it finds Electron and sets FILMROOM_ELECTRON_BINARY.');
    // Chromium's own sandbox cannot start as root (CI containers); the page's sandbox is unaffected.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({ executablePath, args: [...rootArgs, REPO_ROOT, '--library', library], env: { ...process.env, FILMROOM_LIBRARY: '' }, timeout: 120_000 });
    page = await app.firstWindow();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.getByTestId('nav-import').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    if (page) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'electron-last.png') }).catch(() => undefined);
    }
    await app?.close();
  });

  it('opens one isolated window on filmroom://, with the library in a utility process', async () => {
    expect(page.url()).toBe('filmroom://app/index.html');
    // The page sees the typed API and nothing of Node.
    expect(await page.evaluate('typeof window.filmroom + " " + typeof window.require + " " + typeof window.process')).toBe('object undefined undefined');
    const processTypes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((metric) => metric.type));
    expect(processTypes).toContain('Utility');
    const info = (await page.evaluate('window.filmroom.app.info()')) as { frontDoor: string; libraryPath: string; canChooseFolder: boolean };
    expect(info).toMatchObject({ frontDoor: 'electron', libraryPath: library, canChooseFolder: true });
  });

  it('imports a synthetic season and lists its games', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-path').fill(season);
    await page.getByTestId('import-path').press('Enter');
    await page.locator('[data-testid=import-job][data-state=finished]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('games-added').innerText()).toBe('5');
    expect(await page.getByTestId('plays-added').innerText()).toBe('30');
    await page.getByTestId('import-open-library').click();
    await page.getByTestId('view-library').waitFor();
    await page.getByTestId('games').getByText('Game 005').first().waitFor();
    expect(await page.getByTestId('games').locator('li').count()).toBe(5);
  });

  it('extracts features and trains a short run in job workers, with progress to the end', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('view-training').waitFor();
    await page.getByTestId('training-cut-block1_pool').check();
    await page.getByTestId('training-pooling').selectOption('avg');
    await page.getByTestId('training-size').selectOption({ index: 0 });
    await page.getByTestId('training-epochs').fill('2');
    await page.getByTestId('training-batch').fill('8');
    await page.getByTestId('training-patience').fill('2');
    await page.getByTestId('training-name').fill('electron run');
    await page.getByTestId('training-start').click();
    const monitor = page.getByTestId('run-monitor');
    await monitor.waitFor();
    // Features are computed first (the extraction), then the head trains: both in workers.
    await page.locator('[data-testid=run-monitor][data-status=finished]').waitFor({ timeout: 280_000 });
    expect(await page.getByTestId('run-epoch').innerText()).toBe('2 / 2');
    const runId = await monitor.getAttribute('data-run');
    expect(await page.getByTestId(`run-row-${runId}`).innerText()).toMatch(/Finished/);
  });

  it('relabels a play in Review with a key, saved in the library as the analyst’s label', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('current-label').waitFor({ timeout: 30_000 });
    const before = await page.getByTestId('current-label').getAttribute('data-type');
    const key = before === 'OffScreen' ? '0' : '9';
    const expected = key === '9' ? 'OffScreen' : 'OffRebound';
    await page.locator('body').press(key);
    await until(async () => (await page.getByTestId('current-label').getAttribute('data-type')) === expected, 10_000);
    const db = openLibrary(library, { readonly: true });
    try {
      const analyst = listPlays(db, {}, { limit: 1000, offset: 0 }).plays.filter((play) => play.labelSource === 'analyst');
      expect(analyst.map((play) => play.playType)).toEqual([expected]);
    } finally {
      db.close();
    }
  });

  it('exports the plays as CSV', async () => {
    const out = path.join(dir, 'plays.csv');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-kind-plays').check();
    await page.getByTestId('report-out').fill(out);
    await page.getByTestId('report-export').click();
    await page.getByTestId('report-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-rows').innerText()).toBe('30');
    const lines = fs.readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(31);
    expect(errors.filter((error) => !/status of 404/.test(error))).toEqual([]);
  });
});
