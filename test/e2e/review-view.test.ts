import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSpec } from '../../shared/api/model-spec.js';
import type { Play } from '../../shared/api/library.js';
import { openLibrary } from '../../main/library/database.js';
import { findPlay, listPlays } from '../../main/library/repositories/plays.js';
import { storePredictions } from '../../main/library/repositories/predictions.js';
import { listPlayTypes } from '../../main/library/repositories/taxonomy.js';
import { createRun, updateRun } from '../../main/library/repositories/training-runs.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

interface VideoState {
  time: number;
  paused: boolean;
  ready: number;
}

/** The <video> element's own fields (this tsconfig has no DOM types). */
interface MediaElement {
  currentTime: number;
  duration: number;
  paused: boolean;
  readyState: number;
}

const video = (page: Page) => page.getByTestId('review-video');
const videoState = (page: Page) => video(page).evaluate((v: MediaElement): VideoState => ({ time: v.currentTime, paused: v.paused, ready: v.readyState }));

describe('the Review view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-review-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.db');
  const FPS = 25;
  let browser: Browser;
  let plays: Play[];
  let typeIds: string[];
  /** Seeded confidence per play id: the queue must list plays in this order, least sure first. */
  const confidence = new Map<number, number>();
  const predicted = new Map<number, string>();

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '2', '--plays-per-game', '4', '--seed', '3', '--size', '160', '--fps', String(FPS)]).output;
    expect(synth.code, synth.stderr).toBe(0);
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    const db = openLibrary(library);
    try {
      plays = listPlays(db, {}, { limit: 100, offset: 0 }).plays;
      typeIds = listPlayTypes(db).map((type) => type.id);
      // A finished run whose predictions are known here: every third play read as another type,
      // confidences all different so the queue's order is fixed.
      const run = createRun(db, 'seeded run', ModelSpec.parse({ backbone: { weights: 'random:0', cut: 'block1_pool', pooling: 'avg', size: 32, frames: 6 } }));
      storePredictions(
        db,
        run.id,
        plays.map((play, index) => {
          const value = 0.31 + ((index * 7) % plays.length) * 0.08;
          const type = index % 3 === 0 ? typeIds.find((id) => id !== play.playType)! : play.playType;
          confidence.set(play.id, value);
          predicted.set(play.id, type);
          return { playId: play.id, playType: type, confidence: value, probabilities: { [type]: value } };
        }),
      );
      updateRun(db, run.id, { status: 'finished', finishedAt: new Date().toISOString() });
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openReview(url: string) {
    const { page, errors } = await newAppPage(browser);
    await page.goto(url);
    await page.getByTestId('nav-review').click();
    await expect.poll(async () => (await videoState(page)).ready, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    return { page, errors, ...(await openedGame(page)) };
  }

  /** The game Review shows, and its plays in film order. */
  async function openedGame(page: Page) {
    const gameId = Number(await page.getByTestId('review-game').inputValue());
    return { gameId, gamePlays: plays.filter((play) => play.gameId === gameId).sort((a, b) => a.startS - b.startS) };
  }

  const currentLabel = (page: Page) => page.getByTestId('current-label').getAttribute('data-type');

  it('plays the game, moves by play, frame and shuttle, relabels with a key and undoes it; the label survives a restart', { timeout: 120_000 }, async () => {
    let server = await serveLibrary(library);
    let relabelled: { playId: number; type: string; before: string };
    try {
      const { page, errors, gamePlays } = await openReview(server.url);

      // Both rows: every play of the game on the true row, and its prediction shaded by confidence.
      for (const play of gamePlays) {
        expect(await page.getByTestId(`true-segment-${play.id}`).getAttribute('data-type')).toBe(play.playType);
        expect(await page.getByTestId(`predicted-segment-${play.id}`).getAttribute('data-type')).toBe(predicted.get(play.id));
      }
      // Confidence is the bar's height; its colour stays the type's own at any confidence (no fading into the track).
      const bar = (id: number) =>
        page.getByTestId(`predicted-segment-${id}`).evaluate((el: { getBoundingClientRect(): { height: number }; computedStyleMap(): { get(name: string): unknown } }) => ({
          height: el.getBoundingClientRect().height,
          opacity: Number(String(el.computedStyleMap().get('opacity'))),
        }));
      const byConfidence = [...gamePlays].sort((a, b) => confidence.get(a.id)! - confidence.get(b.id)!);
      const [unsure, sure] = [await bar(byConfidence[0]!.id), await bar(byConfidence[byConfidence.length - 1]!.id)];
      expect(unsure.height).toBeLessThan(sure.height);
      expect([unsure.opacity, sure.opacity]).toEqual([1, 1]);

      // The queue: this game's plays, least sure first.
      const queued = await page.getByTestId('queue-list').locator('button').evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-testid')!.replace('queue-item-', ''))));
      expect(queued).toEqual(byConfidence.map((play) => play.id));

      // N from the start goes to the first play, N again to the second, P back.
      await page.locator('body').press('n');
      await page.locator('body').press('n');
      await expect.poll(async () => (await videoState(page)).time).toBeCloseTo(gamePlays[1]!.startS, 2);
      await page.locator('body').press('p');
      await expect.poll(async () => (await videoState(page)).time).toBeCloseTo(gamePlays[0]!.startS, 2);
      expect(await page.getByTestId('current-play').getByText(`1 of ${gamePlays.length}`).count()).toBe(1);

      // → and ← move exactly one frame of the game's 25 fps.
      const frameOf = (t: number) => Math.floor(t * FPS + 1e-6);
      const start = frameOf((await videoState(page)).time);
      await page.locator('body').press('ArrowRight');
      await page.locator('body').press('ArrowRight');
      await expect.poll(async () => frameOf((await videoState(page)).time)).toBe(start + 2);
      await page.locator('body').press('ArrowLeft');
      await expect.poll(async () => frameOf((await videoState(page)).time)).toBe(start + 1);
      expect(await page.getByTestId('review-frame').innerText()).toBe(`frame ${start + 1}`);

      // L plays forward, K stops, J runs backwards.
      await page.locator('body').press('l');
      await expect.poll(async () => (await videoState(page)).paused).toBe(false);
      await page.waitForTimeout(400);
      await page.locator('body').press('k');
      await expect.poll(async () => (await videoState(page)).paused).toBe(true);
      const afterForward = (await videoState(page)).time;
      expect(afterForward).toBeGreaterThan((start + 1) / FPS);
      await page.locator('body').press('j');
      await page.waitForTimeout(400);
      await page.locator('body').press('k');
      expect((await videoState(page)).time).toBeLessThan(afterForward);
      // Space toggles playback.
      await page.locator('body').press(' ');
      await expect.poll(async () => (await videoState(page)).paused).toBe(false);
      await page.locator('body').press(' ');
      await expect.poll(async () => (await videoState(page)).paused).toBe(true);

      // A click on the timeline seeks to the time under it.
      const track = page.getByTestId('timeline-true');
      const box = (await track.boundingBox())!;
      const target = gamePlays[2]!;
      const duration = await video(page).evaluate((v: MediaElement) => v.duration);
      const lengthS = Math.max(duration, ...gamePlays.map((play) => play.endS));
      const x = ((target.startS + target.endS) / 2 / lengthS) * box.width;
      await track.click({ position: { x, y: box.height / 2 } });
      await expect.poll(async () => (await videoState(page)).time).toBeCloseTo((x / box.width) * lengthS, 1);
      await expect.poll(() => page.getByTestId('true-segment-' + target.id).getAttribute('class')).toContain('current');

      // Loop the play (R; O marks out now): playing past its end comes back to its start.
      await page.locator('body').press('r');
      expect(await page.getByTestId('review-loop').getAttribute('aria-pressed')).toBe('true');
      await video(page).evaluate((v: MediaElement, t: number) => (v.currentTime = t), target.endS - 0.15);
      await page.locator('body').press(' ');
      await page.waitForTimeout(700);
      const looped = (await videoState(page)).time;
      await page.locator('body').press(' ');
      expect(looped).toBeGreaterThanOrEqual(target.startS);
      expect(looped).toBeLessThan(target.startS + 0.7);
      await page.locator('body').press('r');

      // 9 relabels the current play with the ninth type, saved at once as the analyst's label.
      const ninth = typeIds[8]!;
      const newType = target.playType === ninth ? typeIds[9]! : ninth;
      const key = newType === ninth ? '9' : '0';
      await page.locator('body').press(key);
      await expect.poll(() => currentLabel(page)).toBe(newType);
      await expect.poll(() => page.getByTestId(`true-segment-${target.id}`).getAttribute('data-type')).toBe(newType);
      const db = openLibrary(library);
      try {
        expect(findPlay(db, target.id)).toMatchObject({ playType: newType, labelSource: 'analyst' });
      } finally {
        db.close();
      }

      // U puts back the import's label and source; the key again sets it for good.
      await page.locator('body').press('u');
      await expect.poll(() => currentLabel(page)).toBe(target.playType);
      expect(await page.getByTestId('current-source').innerText()).toBe('from the import');
      expect(await page.getByTestId('review-saved').innerText()).toMatch(/^Undone: back to/);
      // The message belongs to that play: a timeline click to another play leaves it behind.
      const elsewhere = gamePlays.find((play) => play.id !== target.id)!;
      await track.click({ position: { x: ((elsewhere.startS + elsewhere.endS) / 2 / lengthS) * box.width, y: box.height / 2 } });
      await expect.poll(() => page.getByTestId('true-segment-' + elsewhere.id).getAttribute('class')).toContain('current');
      expect(await page.getByTestId('review-saved').innerText()).toBe('');
      await track.click({ position: { x, y: box.height / 2 } });
      await expect.poll(() => page.getByTestId('true-segment-' + target.id).getAttribute('class')).toContain('current');
      await page.locator('body').press(key);
      await expect.poll(() => currentLabel(page)).toBe(newType);
      relabelled = { playId: target.id, type: newType, before: target.playType };
      await screenshot(page, 'review');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }

    // A restart: a new host on the same library, a new page. Review opens where the analyst was,
    // with the label as it was saved.
    server = await serveLibrary(library);
    try {
      const { page, errors } = await openReview(server.url);
      await expect.poll(() => page.getByTestId(`true-segment-${relabelled.playId}`).getAttribute('class')).toContain('current');
      expect(await currentLabel(page)).toBe(relabelled.type);
      expect(await page.getByTestId('current-source').innerText()).toBe('your label');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('follows the queue across games with its filters', { timeout: 60_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors, gameId } = await openReview(server.url);
      await page.getByTestId('queue-scope').selectOption('all');
      const other = plays
        .filter((play) => play.gameId !== gameId && predicted.get(play.id) !== play.playType)
        .sort((a, b) => confidence.get(a.id)! - confidence.get(b.id)!)[0]!;
      // Predicted-type filter: only plays the model read as that type, least sure first.
      await page.getByTestId('queue-predicted').focus();
      await page.getByTestId('queue-predicted').selectOption(predicted.get(other.id)!);
      const want = plays
        .filter((play) => predicted.get(play.id) === predicted.get(other.id))
        .sort((a, b) => confidence.get(a.id)! - confidence.get(b.id)!)
        .map((play) => `queue-item-${play.id}`);
      await expect
        .poll(() => page.getByTestId('queue-list').locator('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid'))))
        .toEqual(want);
      // The filter picked, the keys are Review's again: N moves to the next play (a focused select would take it).
      const { gamePlays } = await openedGame(page);
      const before = (await videoState(page)).time;
      // Review reopens where the first test left it (the third play of four): there is a next play.
      const next = gamePlays.find((play) => play.startS > before + 1e-3)!;
      expect(next).toBeDefined();
      await page.keyboard.press('n');
      await expect.poll(async () => (await videoState(page)).time).toBeCloseTo(next.startS, 2);
      expect(await page.evaluate('document.activeElement.tagName')).not.toBe('SELECT');
      await page.getByTestId(`queue-item-${other.id}`).click();
      await expect.poll(() => page.getByTestId('review-game').inputValue()).toBe(String(other.gameId));
      await expect.poll(() => page.getByTestId(`true-segment-${other.id}`).getAttribute('class')).toContain('current');
      await expect.poll(async () => (await videoState(page)).time).toBeCloseTo(other.startS, 1);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
