import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/temp.js';

describe('browser mode in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-');
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a new user what to do first in an empty library', async () => {
    const server = await serveLibrary(path.join(dir, 'empty.db'));
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('library-empty').waitFor();
      expect(await page.getByTestId('library-empty').innerText()).toMatch(/import/i);
      // The header loads the app's details on its own call; wait for it rather than race it.
      await page.getByTestId('library-path').filter({ hasText: 'empty.db' }).waitFor();
      // The engine in use is shown, named as the main side detected it.
      expect(await page.getByTestId('engine').innerText()).toMatch(/ONNX Runtime \d/);
      expect(await page.getByTestId('engine').getAttribute('title')).toMatch(/Training: TensorFlow\.js wasm/);
      await screenshot(page, 'library-empty');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('shows the library’s seasons, games, plays and counts per play type', async () => {
    const library = path.join(dir, 'seeded.db');
    const db = openLibrary(library);
    const game = seedGame(db, { season: '2025-26', name: 'Hawks @ Owls' });
    seedPlay(db, game, 12.5, 'Transition');
    const cut = seedPlay(db, game, 40, 'Cut');
    seedPlay(db, game, 70, 'Cut');
    db.close();

    const server = await serveLibrary(library);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByTestId('seasons').getByText('2025-26').first().waitFor();
      await page.getByTestId('seasons').getByText('2025-26').first().click();
      await page.getByTestId('games').getByText('Hawks @ Owls').first().click();
      await page.getByTestId('plays').getByText('Transition').first().waitFor();
      expect(await page.getByTestId('count-Cut').innerText()).toMatch(/\b2\b/);
      expect(await page.getByTestId('count-Transition').innerText()).toMatch(/\b1\b/);
      expect(await page.getByTestId('count-Postup').innerText()).toMatch(/\b0\b/);
      await screenshot(page, 'library-seeded');
      // A play's Watch button opens it in Review.
      await page.getByTestId(`watch-${cut}`).click();
      await page.getByTestId('view-review').waitFor();
      await expect.poll(() => page.getByTestId(`true-segment-${cut}`).getAttribute('class')).toContain('current');
      expect(await page.getByTestId('current-label').getAttribute('data-type')).toBe('Cut');
    } finally {
      await server.stop();
    }
  });

  it('shows the page without the token, but opens nothing and says to use the printed link', async () => {
    const server = await serveLibrary(path.join(dir, 'token.db'));
    try {
      const page = await browser.newPage();
      const response = await page.goto(server.url.replace(/\?token=.*/, ''));
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toMatch(/Open Film Room from the link that\s*filmroom serve\s*printed/);
      expect(await page.getByTestId('view-library').count()).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
