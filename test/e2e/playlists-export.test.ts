/**
 * Playlists and clip export in a real Chromium, as an analyst would: a playlist saved from the
 * Library's filter played through in Review (each play moving on to the next by itself, across
 * games); a hand-picked list reordered with the buttons and by dragging; exported from the app as
 * one MP4 and as one file per play, checked with ffprobe; a long export cancelled from the Jobs panel.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlay } from '../../main/coding/coding-operations.js';
import { openLibrary } from '../../main/library/database.js';
import { storePredictions } from '../../main/library/repositories/predictions.js';
import { createRun, updateRun } from '../../main/library/repositories/training-runs.js';
import { ffmpegPath, ffprobePath } from '../../main/media/binaries.js';
import { ModelSpec } from '../../shared/api/model-spec.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { seedGame } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/temp.js';

const FPS = 25;
const FRAME = 1 / FPS;

/** A test pattern with a 440 Hz tone, a keyframe every second. */
function writeVideo(file: string, seconds: number, size: string): void {
  execFileSync(ffmpegPath(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${FPS}:d=${seconds}`, '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(FPS), '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
}

function probe(file: string): { duration: number; streams: string[] } {
  const out = JSON.parse(execFileSync(ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file]).toString()) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(out.format.duration), streams: out.streams.map((s) => s.codec_name).sort() };
}

/** The parts of a <video> the test reads (the test's own type check has no DOM). */
interface MediaElement {
  currentTime: number;
  paused: boolean;
}

async function listedIds(page: Page): Promise<number[]> {
  const ids = await page.getByTestId('playlist-plays').locator('li').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
  return ids.map((id) => Number(id?.replace('playlist-play-', '')));
}

describe('playlists and clip export, in the app', () => {
  const dir = suiteTempDir('filmroom-e2e-playlists-');
  const library = path.join(dir, 'cutups.db');
  const reports = path.join(dir, 'cutups.reports');
  let browser: Browser;
  const p: Record<string, number> = {};
  /** Each play's span in seconds, and its game's length, for the expected durations. */
  const spans = new Map<number, { startS: number; endS: number; lengthS: number }>();

  beforeAll(async () => {
    const videos = { a: path.join(dir, 'a.mp4'), b: path.join(dir, 'b.mp4'), long: path.join(dir, 'long.mp4') };
    writeVideo(videos.a, 12, '320x180');
    writeVideo(videos.b, 8, '320x180');
    writeVideo(videos.long, 40, '960x540');
    const db = openLibrary(library);
    try {
      const a = seedGame(db, { season: '2026', name: 'Suns @ Owls', videoPath: videos.a, durationS: 12, fps: FPS, width: 320, height: 180 });
      const b = seedGame(db, { season: '2026', name: 'Owls @ Suns', videoPath: videos.b, durationS: 8, fps: FPS, width: 320, height: 180 });
      const long = seedGame(db, { season: '2026', name: 'Long game', videoPath: videos.long, durationS: 40, fps: FPS, width: 960, height: 540 });
      const add = (name: string, gameId: number, lengthS: number, startS: number, endS: number, playType: string, team: string) => {
        p[name] = addPlay(db, { gameId, startS, endS, playType, team, period: 4 }).plays[0]!.id;
        spans.set(p[name]!, { startS, endS, lengthS });
      };
      add('cutA1', a, 12, 1.0, 2.2, 'Cut', 'Suns');
      add('isoA', a, 12, 3.0, 4.0, 'Isolation', 'Owls');
      add('cutA2', a, 12, 5.0, 6.2, 'Cut', 'Suns');
      add('spotA', a, 12, 8.0, 9.4, 'Spotup', 'Owls');
      add('cutB', b, 8, 2.0, 3.2, 'Cut', 'Suns');
      add('long', long, 40, 0.5, 39.5, 'Transition', 'Owls');
      // A finished run holding out game B, wrong on its Cut and on one training-game play.
      const run = createRun(db, 'seeded run', ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 32, frames: 4 } }));
      updateRun(db, run.id, { status: 'finished', finishedAt: new Date().toISOString(), split: { seed: 1, trainGameIds: [a], validationGameIds: [], heldOutGameIds: [b], trainPlays: 4, validationPlays: 0, heldOutPlays: 1 } });
      const predict = (playId: number, playType: string) => ({ playId, playType, confidence: 0.6, probabilities: { [playType]: 0.6 } });
      storePredictions(db, run.id, [predict(p.cutA1!, 'Cut'), predict(p.isoA!, 'Cut'), predict(p.cutB!, 'Postup')]);
    } finally {
      db.close();
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function openLibraryView(url: string): Promise<Page> {
    const { page } = await newAppPage(browser);
    await page.goto(url);
    await page.getByTestId('plays-scope-season').click();
    await page.getByTestId(`play-${p.cutB}`).waitFor();
    return page;
  }

  it('saves a filter as a playlist and plays it through in Review, moving on at each play’s end', async () => {
    const server = await serveLibrary(library);
    try {
      const page = await openLibraryView(server.url);
      await page.getByTestId('filter-type').selectOption({ label: 'Cut' });
      await page.getByTestId('filter-team').selectOption({ label: 'Suns' });
      await page.getByTestId(`play-${p.isoA}`).waitFor({ state: 'detached' });
      await page.getByTestId('save-filter').click();
      await page.getByTestId('save-filter-words').filter({ hasText: 'Suns' }).waitFor();
      expect(await page.getByTestId('save-filter-words').innerText()).toBe('2026 · Suns · Cut');
      await page.getByTestId('save-name').fill('Suns cuts');
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `playlists-save-dialog-${width}x${height}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByTestId('save-playlist-confirm').click();
      await page.getByTestId('playlist-opened').filter({ hasText: 'Suns cuts' }).waitFor();
      await expect.poll(() => listedIds(page)).toEqual([p.cutA1, p.cutA2, p.cutB]);
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `playlists-library-${width}x${height}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      // "Held-out plays the model got wrong", from the Library's filter and the model's narrowing.
      await page.getByTestId('clear-filters').click();
      await page.getByTestId(`play-${p.isoA}`).waitFor();
      await page.getByTestId('save-filter').click();
      await page.getByTestId('save-run').selectOption({ label: 'Run 1: seeded run' });
      await page.getByTestId('save-held-out').check();
      await page.getByTestId('save-wrong').check();
      await page.getByTestId('save-filter-words').filter({ hasText: 'wrong' }).waitFor();
      await page.getByTestId('save-name').fill('Held-out misses');
      await page.getByTestId('save-playlist-confirm').click();
      await page.getByTestId('playlist-opened').filter({ hasText: 'Held-out misses' }).waitFor();
      await expect.poll(() => listedIds(page)).toEqual([p.cutB]);
      await page.getByRole('button', { name: 'Back to the playlists' }).click();
      await page.getByTestId('playlist-Held-out misses').getByTestId('playlist-count').filter({ hasText: '1 play' }).waitFor();

      // Play "Suns cuts" through: two plays of one game, then one of another.
      await page.getByTestId('playlist-Suns cuts').getByTestId('playlist-open').click();
      await page.getByTestId('playlist-play').click();
      const position = page.getByTestId('playlist-position');
      await position.filter({ hasText: '1 of 3' }).waitFor();
      // The film starts by itself on the first play.
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.paused), { timeout: 20_000 }).toBe(false);
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `playlists-review-${width}x${height}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await position.filter({ hasText: '2 of 3' }).waitFor({ timeout: 20_000 });
      const second = await page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime);
      expect(second).toBeGreaterThanOrEqual(5.0 - 0.1);
      await position.filter({ hasText: '3 of 3' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('review-game').inputValue(), { timeout: 20_000 }).toBe(String(2));
      await position.filter({ hasText: 'Finished' }).waitFor({ timeout: 20_000 });
      const end = await page.getByTestId('review-video').evaluate((v: MediaElement) => ({ t: v.currentTime, paused: v.paused }));
      expect(end.paused).toBe(true);
      // Stopped at the last play's end (game B's Cut, 2.0–3.2 s), within a few frames.
      expect(end.t).toBeGreaterThanOrEqual(3.2 - 0.01);
      expect(end.t).toBeLessThan(3.2 + 0.5);
      // N and P walk the playlist while it plays (not the game's plays).
      await page.locator('body').press('p');
      await position.filter({ hasText: '2 of 3' }).waitFor();
      await expect.poll(() => page.getByTestId('review-game').inputValue()).toBe(String(1));
      await page.locator('body').press('n');
      await position.filter({ hasText: '3 of 3' }).waitFor();
      await page.getByTestId('playlist-stop').click();
      await page.getByTestId('playlist-player').waitFor({ state: 'detached' });

      // Review's current play (game B's Cut, 2.0–3.2 s) exported on its own, with the dialog's default lead and lag of 1 s.
      await page.getByTestId('review-export-play').click();
      await page.getByTestId('clip-export').filter({ hasText: `play ${p.cutB}` }).waitFor();
      expect(await page.getByTestId('clip-lead').inputValue()).toBe('1');
      await page.getByTestId('clip-out').fill('one-play.mp4');
      await page.getByTestId('clip-export-start').click();
      await page.getByTestId('clip-download').waitFor({ timeout: 60_000 });
      const single = probe(path.join(reports, 'one-play.mp4'));
      expect(Math.abs(single.duration - (4.2 - 1.0))).toBeLessThanOrEqual(FRAME);
      expect(single.streams).toEqual(['aac', 'h264']);
      await page.close();
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('hand-picks a list, reorders it, exports it as one MP4 and one file per play, and cancels a long export', async () => {
    const server = await serveLibrary(library);
    try {
      const page = await openLibraryView(server.url);
      // Season order: game A's plays, then B's, then the long game's. Tick A's Cut, Shift+click the Spot-Up.
      await page.getByTestId(`pick-${p.cutA1}`).click();
      await page.getByTestId(`pick-${p.spotA}`).click({ modifiers: ['Shift'] });
      await page.getByTestId('picked-count').filter({ hasText: '4 picked' }).waitFor();
      await page.getByTestId(`pick-${p.isoA}`).click();
      await page.getByTestId(`pick-${p.cutB}`).click();
      await page.getByTestId('picked-count').filter({ hasText: '4 picked' }).waitFor();
      await page.getByTestId('save-list').click();
      await page.getByTestId('save-name').fill('Monday session');
      await page.getByTestId('save-playlist-confirm').click();
      await page.getByTestId('playlist-opened').filter({ hasText: 'Monday session' }).waitFor();
      await expect.poll(() => listedIds(page)).toEqual([p.cutA1, p.cutA2, p.spotA, p.cutB]);
      expect(await page.getByTestId('picked-count').innerText()).toMatch(/Tick plays/);

      // Reorder: B's Cut up one (button), then the first play dragged onto the last place.
      await page.getByTestId(`move-up-${p.cutB}`).click();
      await expect.poll(() => listedIds(page)).toEqual([p.cutA1, p.cutA2, p.cutB, p.spotA]);
      await page.getByTestId(`playlist-play-${p.cutA1}`).dragTo(page.getByTestId(`playlist-play-${p.spotA}`));
      await expect.poll(() => listedIds(page)).toEqual([p.cutA2, p.cutB, p.spotA, p.cutA1]);
      // Saved: reopened from the library, the order holds.
      await page.reload();
      await page.getByTestId('playlist-Monday session').getByTestId('playlist-open').click();
      await expect.poll(() => listedIds(page)).toEqual([p.cutA2, p.cutB, p.spotA, p.cutA1]);
      const order = [p.cutA2!, p.cutB!, p.spotA!, p.cutA1!];

      // One MP4, lead 0.5 s and lag 0.4 s.
      await page.getByTestId('playlist-export').click();
      await page.getByTestId('clip-lead').fill('0.5');
      await page.getByTestId('clip-lag').fill('0.4');
      await page.getByTestId('clip-out').fill('monday.mp4');
      for (const [width, height] of [[1024, 700], [1920, 1080], [1280, 800]] as const) {
        await page.setViewportSize({ width, height });
        await screenshot(page, `playlists-export-dialog-${width}x${height}`);
      }
      await page.getByTestId('clip-export-start').click();
      await page.getByTestId('clip-result').waitFor({ timeout: 120_000 });
      await page.getByTestId('clip-download').first().waitFor();
      await screenshot(page, 'playlists-export-done-1280x800');
      // The Jobs panel keeps a finished export, with its download link, until dismissed.
      await page.getByTestId('jobs').getByRole('link', { name: /monday\.mp4/ }).waitFor();
      const widened = (id: number) => {
        const s = spans.get(id)!;
        return Math.min(s.lengthS, s.endS + 0.4) - Math.max(0, s.startS - 0.5);
      };
      const expected = order.reduce((sum, id) => sum + widened(id), 0);
      const one = probe(path.join(reports, 'monday.mp4'));
      expect(Math.abs(one.duration - expected), `${one.duration} s vs ${expected} s`).toBeLessThanOrEqual(FRAME);
      expect(one.streams).toEqual(['aac', 'h264']);
      // The download link serves that file.
      const href = (await page.getByTestId('clip-download').first().getAttribute('href'))!;
      const download = await page.request.get(new URL(href, server.url).toString());
      expect(download.status()).toBe(200);
      expect((await download.body()).length).toBe(fs.statSync(path.join(reports, 'monday.mp4')).size);
      expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="monday\.mp4"/);
      // Without its signature the address opens nothing.
      expect((await page.request.get(new URL(href.replace(/\?sig=.*$/, ''), server.url).toString())).status()).toBe(403);
      // A link whose signature has run out still downloads: a click signs a fresh address first.
      const link = page.getByTestId('clip-download').first();
      await link.evaluate((a: { setAttribute(name: string, value: string): void }, stale: string) => a.setAttribute('href', stale), href.replace(/sig=[^&]*/, 'sig=expired'));
      const [fetched] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(await fetched.failure()).toBeNull();
      expect(fetched.suggestedFilename()).toBe('monday.mp4');
      // A file moved away since: its link says why when clicked, rather than nothing.
      const monday = path.join(reports, 'monday.mp4');
      fs.renameSync(monday, `${monday}.away`);
      await link.click();
      await page.getByTestId('clip-export').getByTestId('download-problem').filter({ hasText: /moved/ }).waitFor();
      fs.renameSync(`${monday}.away`, monday);

      // One file per play, same lead and lag.
      await page.getByTestId('clip-layout-per-play').check();
      await page.getByTestId('clip-out').fill('monday-plays');
      await page.getByTestId('clip-export-start').click();
      await page.getByTestId('clip-download').nth(3).waitFor({ timeout: 120_000 });
      const folder = path.join(reports, 'monday-plays');
      const files = fs.readdirSync(folder).sort();
      expect(files).toEqual(order.map((id, i) => `${i + 1}-play-${id}-${id === p.spotA ? 'Spotup' : 'Cut'}.mp4`));
      for (const [i, id] of order.entries()) {
        const probed = probe(path.join(folder, files[i]!));
        expect(Math.abs(probed.duration - widened(id)), files[i]).toBeLessThanOrEqual(FRAME);
        expect(probed.streams).toEqual(['aac', 'h264']);
      }
      await page.getByTestId('clip-close').click();
      await page.getByTestId('clip-export').waitFor({ state: 'detached' });

      // A long export (39 s at 960×540, re-encoded after a title card), cancelled from the Jobs panel.
      await page.getByTestId(`pick-${p.long}`).click();
      await page.getByTestId('export-picked').click();
      await page.getByTestId('clip-titles').check();
      await page.getByTestId('clip-lead').fill('0.3');
      await page.getByTestId('clip-out').fill('long.mp4');
      await page.getByTestId('clip-export-start').click();
      await page.getByTestId('clip-cancel').waitFor();
      await page.getByTestId('clip-close').click();
      const cancel = page.getByTestId('jobs').getByRole('button', { name: /Cancel/ });
      await cancel.waitFor();
      await screenshot(page, 'playlists-export-running-1280x800');
      await cancel.click();
      await page.getByTestId('jobs').getByText('Cancelled: partial files removed').waitFor({ timeout: 60_000 });
      expect(fs.readdirSync(reports).filter((name) => name.includes('long'))).toEqual([]);
      await page.close();
    } finally {
      await server.stop();
    }
  }, 300_000);
});
