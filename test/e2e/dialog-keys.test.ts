/**
 * Keys pressed in a dialog belong to it: Review's keys (Backspace deletes a play, digits relabel,
 * Space plays) and the playlist player's N/P must not act on the page behind a modal dialog or the
 * shortcut sheet. Also the shared dialog's own promises: Tab stays inside, Esc closes it.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { listPlays } from '../../main/library/repositories/plays.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

interface MediaElement { currentTime: number; readyState: number; paused: boolean }
const FPS = 25;
const FRAME = 1 / FPS;

describe('keys inside dialogs, and a playlist played again', () => {
  const dir = suiteTempDir('filmroom-e2e-dialog-keys-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.db');
  let browser: Browser;
  const spans = () => {
    const db = openLibrary(library);
    try {
      return listPlays(db, {}, { limit: 100, offset: 0 }).plays.sort((a, b) => a.startS - b.startS).map((p) => ({ id: p.id, startS: p.startS, endS: p.endS, type: p.playType }));
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '1', '--plays-per-game', '3', '--seed', '5', '--size', '160', '--fps', String(FPS)]).output;
    expect(synth.code, synth.stderr).toBe(0);
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    const [first, second] = spans();
    const made = await spawnFilmroom(['playlists', 'create', '--name', 'two', '--play', String(first!.id), '--play', String(second!.id), '--library', library]).output;
    expect(made.code, made.stderr).toBe(0);
    const one = await spawnFilmroom(['playlists', 'create', '--name', 'one', '--play', String(first!.id), '--library', library]).output;
    expect(one.code, one.stderr).toBe(0);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function openReview(page: Page, url: string, atS: number) {
    await page.goto(url);
    await page.getByTestId('nav-review').click();
    await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('review-video').evaluate((v: MediaElement, t: number) => (v.currentTime = t), atS);
    await page.getByTestId('review-frame').filter({ hasText: new RegExp(`^frame ${Math.floor(atS * FPS)}$`) }).waitFor();
  }

  it('I marks the frame the film is on, though no time update has been reported since the jump', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page } = await newAppPage(browser);
      await openReview(page, server.url, 15 + FRAME / 2);
      // The jump and the key in one task: the view has not heard of the new time when the key arrives.
      await page.getByTestId('review-video').evaluate((v: MediaElement & { ownerDocument: { defaultView: { dispatchEvent(e: unknown): boolean; KeyboardEvent: new (type: string, init: object) => unknown } } }) => {
        v.currentTime = 16 + 0.02;
        const view = v.ownerDocument.defaultView;
        view.dispatchEvent(new view.KeyboardEvent('keydown', { key: 'i', code: 'KeyI', bubbles: true }));
      });
      await page.getByTestId('coding-status').filter({ hasText: /In at/ }).waitFor();
      expect(await page.getByTestId('coding-status').innerText()).toMatch(/In at 00:16\.0/);
    } finally {
      await server.stop();
    }
  });

  it('N and P leave a playing playlist alone while the shortcut sheet is open', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('playlist-two').getByTestId('playlist-open').click();
      await page.getByTestId('playlist-play').click();
      const position = page.getByTestId('playlist-position');
      await position.filter({ hasText: '1 of 2' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('shortcuts-open').click();
      await page.getByTestId('shortcut-sheet').waitFor();
      await page.keyboard.press('n');
      await page.keyboard.press('n');
      // The sheet closes on Esc; then N moves the playlist, which shows the first press was ignored, not slow.
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcut-sheet').waitFor({ state: 'hidden' });
      expect(await position.innerText()).toMatch(/1 of 2/);
      await page.keyboard.press('n');
      await position.filter({ hasText: '2 of 2' }).waitFor({ timeout: 30_000 });
    } finally {
      await server.stop();
    }
  });

  it('Play again on a one-play playlist plays the play again from its start', { timeout: 120_000 }, async () => {
    const [first] = spans();
    const server = await serveLibrary(library);
    try {
      const { page } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('playlist-one').getByTestId('playlist-open').click();
      await page.getByTestId('playlist-play').click();
      const position = page.getByTestId('playlist-position');
      await position.filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
      const time = () => page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime);
      expect(await time()).toBeGreaterThan(first!.endS - 0.2);
      await page.getByTestId('playlist-again').click();
      // Back at the play's start and playing it, then finished once more at its end.
      await expect.poll(time, { timeout: 15_000 }).toBeLessThan(first!.startS + 1);
      await position.filter({ hasText: /1 of 1/ }).filter({ hasNotText: 'Finished' }).waitFor({ timeout: 15_000 });
      await position.filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
      expect(await time()).toBeGreaterThan(first!.endS - 0.2);
    } finally {
      await server.stop();
    }
  });

  it('Review’s keys do nothing behind the Export play… dialog; Tab stays in it and Esc closes it', { timeout: 120_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page } = await newAppPage(browser);
      const before = spans();
      await openReview(page, server.url, 15 + FRAME / 2);
      await page.getByTestId('review-export-play').click();
      const dialog = page.getByTestId('clip-export');
      await dialog.waitFor();
      await page.getByTestId('clip-titles').click();
      // Delete, relabel, split, play: each would change the play or the film behind the dialog.
      for (const key of ['Backspace', 'Delete', '2', 's', 'Space', 'Shift+M', ']']) await page.keyboard.press(key);
      await page.getByTestId('clip-layout-per-play').click();
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(1000); // what a key did behind the dialog would be saved by now
      expect(spans()).toEqual(before);
      expect(await page.getByTestId('review-video').evaluate((v: MediaElement) => v.paused)).toBe(true);
      expect(await page.getByTestId('coding-status').innerText()).not.toMatch(/Deleted|Split|Merged|Relabelled/);
      // Tab many times round: the focus never leaves the dialog.
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate('document.activeElement?.closest(\'[data-testid="clip-export"]\') !== null')).toBe(true);
      }
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `dialog-keys-export-open-${width}x${height}`);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // Closed, the keys are Review's again.
      await page.keyboard.press('Delete');
      await page.getByTestId('coding-status').filter({ hasText: /Deleted play/ }).waitFor();
      expect(spans().length).toBe(before.length - 1);
    } finally {
      await server.stop();
    }
  });
});
