import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Database } from '../../main/library/database.js';
import { ensureTeam } from '../../main/library/repositories/teams.js';
import { launchChromium, newAppPage, screenshot, serveLibrary, withoutMissingVideo } from '../helpers/browser.js';
import { seedGame, seedPlay } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/temp.js';

function describePlay(db: Database, id: number, team: string, period: number, tags: string[]): void {
  db.prepare('UPDATE plays SET team_id = ?, period = ?, tags_json = ? WHERE id = ?').run(ensureTeam(db, team), period, JSON.stringify(tags), id);
}

/** The play ids of the table's rows, top to bottom. */
async function rowIds(page: Page): Promise<number[]> {
  const ids = await page.getByTestId('plays').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
  return ids.map((id) => Number(id?.replace('play-', '')));
}

describe('finding plays in the Library, as an analyst would', () => {
  const dir = suiteTempDir('filmroom-e2e-find-');
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('searches, filters, sorts by a header (and back), lists a season, and filters to a count’s play type', async () => {
    const library = path.join(dir, 'find.db');
    const db = openLibrary(library);
    const owls = seedGame(db, { season: '2025-26', name: 'Suns @ Owls', date: '2026-01-02' });
    const hawks = seedGame(db, { season: '2025-26', name: 'Hawks @ Suns', date: '2026-01-09' });
    const a = seedPlay(db, owls, 10, 'PRBallHandler');
    const b = seedPlay(db, owls, 30, 'Cut');
    const c = seedPlay(db, owls, 50, 'PRBallHandler');
    const d = seedPlay(db, owls, 70, 'Transition');
    const e = seedPlay(db, hawks, 5, 'PRBallHandler');
    describePlay(db, a, 'Suns', 4, ['Player:D. Booker', 'late clock']);
    describePlay(db, b, 'Owls', 1, ['Player:A. Zed']);
    describePlay(db, c, 'Suns', 2, []);
    describePlay(db, d, 'Owls', 3, ['Player:A. Zed', 'late clock']);
    describePlay(db, e, 'Suns', 4, ['Player:D. Booker']);
    db.close();

    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('games').getByText('Suns @ Owls').first().click();
      await expect.poll(() => rowIds(page)).toEqual([a, b, c, d]);
      // The player has a column of its own; the free tags one more.
      expect(await page.getByTestId(`player-${a}`).innerText()).toBe('D. Booker');
      expect(await page.getByTestId(`player-${c}`).innerText()).toBe('—');

      // Search: typed words, across player and tags.
      await page.getByTestId('play-search').fill('zed');
      await expect.poll(() => rowIds(page)).toEqual([b, d]);
      await page.getByTestId('play-search').fill('zed late');
      await expect.poll(() => rowIds(page)).toEqual([d]);
      await page.getByTestId('clear-filters').click();
      await expect.poll(() => rowIds(page)).toEqual([a, b, c, d]);
      expect(await page.getByTestId('play-search').inputValue()).toBe('');

      // Filters: team, then period on top of it; the player's list comes from the plays.
      await page.getByTestId('filter-team').selectOption({ label: 'Suns' });
      await expect.poll(() => rowIds(page)).toEqual([a, c]);
      await page.getByTestId('filter-period').selectOption({ label: 'Period 4' });
      await expect.poll(() => rowIds(page)).toEqual([a]);
      await page.getByTestId('clear-filters').click();
      await page.getByTestId('filter-player').selectOption({ label: 'A. Zed' });
      await expect.poll(() => rowIds(page)).toEqual([b, d]);
      await page.getByTestId('filter-tag').selectOption({ label: 'late clock' });
      await expect.poll(() => rowIds(page)).toEqual([d]);
      await page.getByTestId('clear-filters').click();
      await page.getByTestId('filter-label').selectOption({ label: 'Analyst' });
      await page.getByTestId('no-matching-plays').waitFor();
      await page.getByTestId('no-matching-plays').getByRole('button').click();
      await expect.poll(() => rowIds(page)).toEqual([a, b, c, d]);

      // Sort: a header's click sorts by it, a second click reverses it, and the header says which.
      await page.getByTestId('sort-team').click();
      await expect.poll(() => rowIds(page)).toEqual([b, d, a, c]);
      expect(await page.locator('th', { has: page.getByTestId('sort-team') }).getAttribute('aria-sort')).toBe('ascending');
      await page.getByTestId('sort-team').click();
      await expect.poll(() => rowIds(page)).toEqual([a, c, b, d]);
      expect(await page.locator('th', { has: page.getByTestId('sort-team') }).getAttribute('aria-sort')).toBe('descending');
      await page.getByTestId('sort-period').click();
      await expect.poll(() => rowIds(page)).toEqual([b, c, d, a]);
      await screenshot(page, 'find-plays-1280x800-sorted');

      // A count's click (counts cover the season) lists that type's plays of the whole season, with their games.
      await page.getByTestId('count-PRBallHandler').getByRole('button').click();
      await expect.poll(() => rowIds(page)).toEqual([c, a, e]); // still sorted by period: 2, 4, 4 (film order among equals)
      expect(await page.getByTestId('plays-scope-season').getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('filter-type').inputValue()).toBe('PRBallHandler');
      expect(await page.getByTestId('plays').innerText()).toContain('Hawks @ Suns');
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `find-plays-${width}x${height}-season`);
      }
      // A second click on the same count lifts the filter.
      await page.getByTestId('count-PRBallHandler').getByRole('button').click();
      await expect.poll(async () => (await rowIds(page)).length).toBe(5);
      // Picking a game goes back to that game's plays.
      await page.getByTestId('games').getByText('Hawks @ Suns').first().click();
      await expect.poll(() => rowIds(page)).toEqual([e]);
      expect(withoutMissingVideo(errors)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
