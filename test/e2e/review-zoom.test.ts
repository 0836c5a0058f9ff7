import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/database.js';
import { ffmpegPath } from '../../main/media/binaries.js';
import { listPlays } from '../../main/library/repositories/plays.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

/** The <video> element's own fields (this tsconfig has no DOM types). */
interface MediaElement {
  currentTime: number;
  readyState: number;
  paused: boolean;
}

const FPS = 25;
const FRAME = 1 / FPS;
/** A 24-minute game: on a ~900 px track the whole film is 1.6 s (40 frames) a pixel. */
const GAME_S = 1440;
/** The play deep in the game that gets trimmed: 1200.2–1206.2 s. */
const PLAY: readonly [number, number] = [1200.2, 1206.2];

/**
 * An analyst trims a play twenty minutes into a long game: unzoomed, one pixel of the timeline is
 * dozens of frames; zoomed in with the keys, the wheel and the overview bar, an edge dragged with the
 * mouse lands on the frame aimed at. Also: the ruler's step follows the zoom, a click seeks inside the
 * window, and the view pages after the playhead while the film plays.
 */
describe('zooming Review’s timeline on a long game, in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-zoom-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.db');
  let browser: Browser;
  let gameId: number;

  beforeAll(async () => {
    // A synthetic season's annotations, with its short film swapped for a 24-minute test pattern
    // (160×90 at 25 fps: a few seconds to encode) and one more play twenty minutes in.
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '1', '--plays-per-game', '3', '--seed', '5', '--size', '160', '--fps', String(FPS)]).output;
    expect(synth.code, synth.stderr).toBe(0);
    execFileSync(ffmpegPath(), [
      '-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc=size=160x90:rate=${FPS}:duration=${GAME_S}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '35', '-g', String(2 * FPS), '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      path.join(season, 'game-001.mp4'),
    ]);
    const csv = path.join(season, 'annotations.csv');
    const rows = fs.readFileSync(csv, 'utf8').trimEnd();
    fs.writeFileSync(csv, `${rows}\nGame 001 (Herons vs Ravens),game-001.mp4,${PLAY[0]},${PLAY[1]},Cut,g001-p004,Herons,4,5:00,Herons #12\n`);
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    const db = openLibrary(library);
    try {
      const plays = listPlays(db, {}, { limit: 100, offset: 0 }).plays.sort((a, b) => a.startS - b.startS);
      expect(plays.map((p) => [p.startS, p.endS])).toEqual([[2.2, 7.2], [11.56, 18.6], [22.56, 30.6], [...PLAY]]);
      gameId = plays[0]!.gameId;
      expect((db.prepare('SELECT duration_s AS d FROM games WHERE id = ?').get(gameId) as { d: number }).d).toBeCloseTo(GAME_S, 1);
    } finally {
      db.close();
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  function deepPlay() {
    const db = openLibrary(library);
    try {
      return listPlays(db, { gameId }, { limit: 100, offset: 0 }).plays.find((p) => p.playType === 'Cut' && p.startS > 1000)!;
    } finally {
      db.close();
    }
  }

  async function seek(page: Page, timeS: number): Promise<void> {
    await page.getByTestId('review-video').evaluate((v: MediaElement, t: number) => (v.currentTime = t), timeS + FRAME / 2);
    await page.getByTestId('review-frame').filter({ hasText: new RegExp(`^frame ${Math.round(timeS * FPS)}$`) }).waitFor();
  }

  /** The window the timeline shows, as it says on its element. */
  async function shown(page: Page): Promise<{ startS: number; endS: number }> {
    const timeline = page.getByTestId('review-timeline');
    return { startS: Number(await timeline.getAttribute('data-window-start')), endS: Number(await timeline.getAttribute('data-window-end')) };
  }

  /** Waits until the window is this one (to a millisecond). */
  async function expectWindow(page: Page, startS: number, endS: number): Promise<void> {
    await expect.poll(async () => {
      const w = await shown(page);
      return Math.abs(w.startS - startS) < 1e-3 && Math.abs(w.endS - endS) < 1e-3 ? 'ok' : `${w.startS}–${w.endS}`;
    }, { timeout: 10_000 }).toBe('ok');
  }

  /** The x on screen of `timeS` in the current window, measured on the ruler. */
  async function xOf(page: Page, timeS: number): Promise<number> {
    const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
    const w = await shown(page);
    return ruler.x + ((timeS - w.startS) / (w.endS - w.startS)) * ruler.width;
  }

  const keys = (page: Page, key: string) => page.locator('body').press(key);

  it('zooms with keys, wheel and overview bar; drags an edge to the frame; follows the playhead', { timeout: 180_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-review').click();
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      const play = deepPlay();

      // The whole game: minutes on the ruler, and one pixel is dozens of frames.
      await page.getByTestId('timeline-zoom-readout').filter({ hasText: 'Whole game' }).waitFor();
      await expectWindow(page, 0, GAME_S);
      const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
      const framesPerPixelWhole = (GAME_S / ruler.width) * FPS;
      expect(framesPerPixelWhole).toBeGreaterThan(20);
      expect(Number(await page.getByTestId('timeline-ruler').getAttribute('data-step'))).toBeGreaterThanOrEqual(60);

      // X fits the current play with a sixth of it each side: 1199.2–1207.2; the ruler counts seconds.
      await seek(page, PLAY[0]);
      await page.getByTestId(`true-segment-${play.id}`).and(page.locator('.current')).waitFor();
      await keys(page, 'x');
      await expectWindow(page, PLAY[0] - 1, PLAY[1] + 1);
      await page.getByTestId('timeline-zoom-readout').filter({ hasText: '8 s' }).waitFor();
      expect(Number(await page.getByTestId('timeline-ruler').getAttribute('data-step'))).toBeLessThanOrEqual(1);

      // Z zooms in twice around the playhead (1200.22 s, on the play's first frame), which stays where it
      // was on the screen: 1199.965–1201.965 s.
      const playheadBefore = (await page.locator('[data-testid="timeline-true"] .playhead').boundingBox())!.x;
      await keys(page, 'z');
      await expect.poll(async () => { const w = await shown(page); return w.endS - w.startS; }).toBeCloseTo(4, 6);
      expect(Math.abs((await page.locator('[data-testid="timeline-true"] .playhead').boundingBox())!.x - playheadBefore)).toBeLessThanOrEqual(1);
      await keys(page, 'z');
      await expect.poll(async () => { const w = await shown(page); return w.endS - w.startS; }).toBeCloseTo(2, 6);
      // Two seconds is as far as it goes: a third Z changes nothing.
      await keys(page, 'z');
      await expect.poll(async () => { const w = await shown(page); return w.endS - w.startS; }).toBeCloseTo(2, 6);
      const labels = await page.locator('[data-testid="timeline-ruler"] .tick').allInnerTexts();
      expect(labels.some((label) => /^20:0\d\.\d$/.test(label)), labels.join(' ')).toBe(true);

      // A click on the ruler seeks inside the window: aimed at 1200.62 s, the film shows frame 30015.
      const w2 = await shown(page);
      expect(w2.startS).toBeLessThan(1200.5);
      const rulerBox = (await page.getByTestId('timeline-ruler').boundingBox())!;
      await page.mouse.click(await xOf(page, 1200.62), rulerBox.y + rulerBox.height / 2);
      await page.getByTestId('review-frame').filter({ hasText: /^frame 3001[56]$/ }).waitFor();

      // Drag the start edge from 1200.2 s to 1200.68 s (12 frames later), here some 18 px a frame.
      const target = 1200.68;
      const pixelsPerFrame = ((rulerBox.width / (w2.endS - w2.startS)) * FRAME);
      expect(pixelsPerFrame).toBeGreaterThan(10);
      const handle = (await page.getByTestId(`edge-start-${play.id}`).boundingBox())!;
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(await xOf(page, target), handle.y + handle.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.getByTestId('coding-status').filter({ hasText: /^Trimmed play \d+ to 1200\.\d\d s/ }).waitFor({ timeout: 15_000 });
      await expect.poll(() => deepPlay().startS, { timeout: 10_000 }).not.toBe(PLAY[0]);
      const landed = deepPlay().startS;
      expect(Math.abs(landed - target)).toBeLessThanOrEqual(FRAME + 1e-9);
      expect(Math.abs(landed * FPS - Math.round(landed * FPS))).toBeLessThan(1e-6);
      expect(deepPlay().endS).toBe(PLAY[1]);
      console.log(`zoom e2e: whole game ${framesPerPixelWhole.toFixed(1)} frames/px; zoomed ${pixelsPerFrame.toFixed(1)} px/frame; edge aimed at ${target} s landed at ${landed} s (${Math.round((landed - target) * FPS)} frames off)`);

      // Hold the start edge past the track's left end: the window scrolls earlier and the edge with it,
      // to the film's frame at the window's start when let go. Ctrl+Z puts it back.
      const trueRow = (await page.getByTestId('timeline-true').boundingBox())!;
      const startHandle = (await page.getByTestId(`edge-start-${play.id}`).boundingBox())!;
      const beforeScroll = await shown(page);
      await page.mouse.move(startHandle.x + startHandle.width / 2, startHandle.y + startHandle.height / 2);
      await page.mouse.down();
      await page.mouse.move(trueRow.x - 60, startHandle.y + startHandle.height / 2, { steps: 6 });
      await expect.poll(async () => (await shown(page)).startS, { timeout: 10_000 }).toBeLessThan(beforeScroll.startS - 0.5);
      await page.mouse.up();
      const scrolled = await shown(page);
      await page.getByTestId('coding-status').filter({ hasText: /^Trimmed play \d+ to 1(199|200)\.\d\d s/ }).waitFor({ timeout: 15_000 });
      await expect.poll(() => deepPlay().startS, { timeout: 10_000 }).toBeLessThan(beforeScroll.startS - 0.5);
      const scrolledTo = deepPlay().startS;
      expect(Math.abs(scrolledTo - scrolled.startS)).toBeLessThanOrEqual(FRAME + 1e-9);
      expect(Math.abs(scrolledTo * FPS - Math.round(scrolledTo * FPS))).toBeLessThan(1e-6);
      await keys(page, 'Control+z');
      await expect.poll(() => deepPlay().startS, { timeout: 10_000 }).toBe(landed);

      // Ctrl+wheel zooms out around the pointer: the time under it stays put.
      const wheelX = rulerBox.x + rulerBox.width * 0.7;
      await page.mouse.move(wheelX, rulerBox.y + rulerBox.height / 2);
      const timeUnderPointer = async () => {
        const w = await shown(page);
        const box = (await page.getByTestId('timeline-ruler').boundingBox())!;
        return w.startS + ((wheelX - box.x) / box.width) * (w.endS - w.startS);
      };
      const before = await timeUnderPointer();
      const widthBefore = (await shown(page)).endS - (await shown(page)).startS;
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, 200);
      await page.keyboard.up('Control');
      // 200 px of wheel: exp(200 × 0.0025) = 1.65× wider.
      await expect.poll(async () => { const w = await shown(page); return w.endS - w.startS; }).toBeCloseTo(widthBefore * Math.exp(0.5), 4);
      // To within a pixel's worth of time (the event's clientX is whole pixels).
      expect(Math.abs((await timeUnderPointer()) - before)).toBeLessThan((widthBefore * Math.exp(0.5)) / rulerBox.width);

      // Shift+wheel scrolls it later by the wheel's pixels' worth of time.
      const w3 = await shown(page);
      await page.keyboard.down('Shift');
      await page.mouse.wheel(0, 100);
      await page.keyboard.up('Shift');
      const secondsPer100px = (100 / rulerBox.width) * (w3.endS - w3.startS);
      await expectWindow(page, w3.startS + secondsPer100px, w3.endS + secondsPer100px);

      // The overview bar: a press at its middle centres the window on the middle of the game.
      const overview = (await page.getByTestId('timeline-overview').boundingBox())!;
      await page.mouse.click(overview.x + overview.width / 2, overview.y + overview.height / 2);
      await expect.poll(async () => { const w = await shown(page); return Math.abs((w.startS + w.endS) / 2 - GAME_S / 2); }).toBeLessThan(GAME_S / overview.width);
      // The playhead (still at 1200.6 s) is out of view, and not drawn.
      expect(await page.locator('[data-testid="timeline-true"] .playhead').count()).toBe(0);

      // Playing, the view pages after the playhead: fit the play (1199.6–1207.2 now), play from 1207 s.
      await keys(page, 'x');
      const fitted = await shown(page);
      expect(fitted.endS).toBeLessThan(1207.5);
      await seek(page, 1207);
      await keys(page, ' ');
      await expect.poll(async () => (await shown(page)).startS, { timeout: 15_000 }).toBeGreaterThan(1206);
      await keys(page, ' ');
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.paused)).toBe(true);
      const paged = await shown(page);
      const time = await page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime);
      expect(time).toBeGreaterThanOrEqual(paged.startS);
      expect(time).toBeLessThanOrEqual(paged.endS);

      // Screens zoomed to the play, then Shift+X shows the whole game again.
      await seek(page, 1202);
      await keys(page, 'x');
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await page.getByTestId('review-timeline').scrollIntoViewIfNeeded();
        await screenshot(page, `review-zoom-${width}x${height}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await keys(page, 'Shift+X');
      await page.getByTestId('timeline-zoom-readout').filter({ hasText: 'Whole game' }).waitFor();
      await expectWindow(page, 0, GAME_S);
      // The buttons do the same, and hand the keys back to Review.
      await page.getByTestId('timeline-zoom-in').click();
      await expect.poll(async () => { const w = await shown(page); return w.endS - w.startS; }).toBeCloseTo(GAME_S / 2, 6);
      expect(await page.evaluate('document.activeElement?.tagName')).not.toBe('BUTTON');
      await page.getByTestId('timeline-zoom-whole').click();
      await expectWindow(page, 0, GAME_S);
      // The legend lists the zoom keys.
      await page.getByTestId('review-key-hints').filter({ hasText: 'zoom the timeline to the play' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'review-zoom-whole-1280x800');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
