import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeason } from '../../main/import/import-season.js';
import { openLibrary } from '../../main/library/database.js';
import { writeSetting } from '../../main/library/repositories/settings.js';
import { ClipCache } from '../../main/media/clip-cache.js';
import { synthesizeSeason } from '../../main/synth/index.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { suiteTempDir } from '../helpers/temp.js';

/** Small clips keep each frame's five blocks to a few seconds in the worker process. */
const FRAME_SIZE = 64;
const BLOCKS = [1, 2, 3, 4, 5];

/** The little of a <canvas> the test reads (this tsconfig has no DOM types: tests run in Node). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Facts about a canvas's pixels: drawn at all (alpha), and how many distinct colours. */
function canvasFacts(page: Page, testid: string) {
  return page.getByTestId(testid).evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 255) opaque++;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return { width: canvas.width, height: canvas.height, opaque, pixels: data.length / 4, colours: colours.size };
  });
}

describe('the Features view in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-features-');
  const library = path.join(dir, 'library.db');
  let browser: Browser;

  beforeAll(async () => {
    const season = path.join(dir, 'season');
    await synthesizeSeason({ outDir: season, games: 1, playsPerGame: 3, seed: 11, width: 160 });
    const db = openLibrary(library);
    try {
      writeSetting(db, 'frame_size', FRAME_SIZE);
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

  it('shows a play’s frame and, per block, its mean map and strongest channels; → steps the frame', async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-features').click();

      // Pick the second play of the game.
      const picker = page.getByTestId('features-play');
      await picker.locator('option').nth(2).waitFor({ state: 'attached' });
      const playId = await picker.locator('option').nth(1).getAttribute('value');
      await picker.selectOption(playId!);

      const shown = (frame: number) => page.locator(`[data-testid=shown-frame][data-play="${playId}"][data-frame="${frame}"]`);
      await shown(20).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('frame-number').innerText()).toBe('20');

      // The frame, drawn from the RGB bytes at the library's size: a picture, not a flat fill.
      const frame = await canvasFacts(page, 'frame-canvas');
      expect([frame.width, frame.height]).toEqual([FRAME_SIZE, FRAME_SIZE]);
      expect(frame.opaque).toBe(frame.pixels);
      expect(frame.colours).toBeGreaterThan(10);

      // Five blocks, each with its mean map at the block's own size and six channel maps, all drawn.
      const distinct: number[] = [];
      for (const n of BLOCKS) {
        const mean = await canvasFacts(page, `block-${n}-mean`);
        expect(mean.width).toBe(FRAME_SIZE / 2 ** n);
        expect(mean.opaque).toBe(mean.pixels);
        distinct.push(mean.colours);
        expect(await page.getByTestId(`block-${n}`).locator('canvas').count()).toBe(1 + 6);
        expect(await page.getByTestId(`block-${n}`).innerText()).toMatch(/Block \d/);
      }
      // The early blocks' maps have structure (edges of the court and players), not one colour.
      expect(distinct[0]).toBeGreaterThan(3);
      expect(await page.getByTestId('block-1').innerText()).toMatch(/edges/i);
      expect(await page.getByTestId('block-5').innerText()).toMatch(/high-level parts/i);

      // → asks for the next frame at once (the previous maps stay up until the new ones arrive: below).
      let stepped = Date.now();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByTestId('frame-number').innerText()).toBe('21');
      await shown(21).waitFor({ timeout: 30_000 });
      // Timings are printed, not asserted: the services compute the clip's next frames in the background.
      console.log(`Features step 20 → 21: ${Date.now() - stepped} ms`);
      expect(await page.getByTestId('frame-slider').inputValue()).toBe('21');
      await page.waitForTimeout(1500);
      stepped = Date.now();
      await page.keyboard.press('ArrowRight');
      await shown(22).waitFor({ timeout: 30_000 });
      console.log(`Features step 21 → 22 (1.5 s later): ${Date.now() - stepped} ms`);
      await page.keyboard.press('ArrowLeft');
      await shown(21).waitFor({ timeout: 30_000 });
      await screenshot(page, 'features-view');

      // A click on a map shows it large, cell for cell; ←/→ step through the mean and the channels,
      // ↑/↓ through the blocks (not the frames), Esc closes it.
      await page.getByTestId('block-2-enlarge-0').click();
      const dialog = page.getByTestId('map-dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('data-block')).toBe('2');
      expect(await page.getByTestId('map-dialog-title').innerText()).toMatch(/^mean of 128 channels/);
      const big = await page.getByTestId('map-dialog-canvas').evaluate((canvas) => {
        const style = (globalThis as unknown as { getComputedStyle(e: unknown): { imageRendering: string; width: string } }).getComputedStyle(canvas);
        return { rendering: style.imageRendering, width: parseFloat(style.width), cells: (canvas as unknown as CanvasLike).width };
      });
      expect(big.rendering).toBe('pixelated');
      expect(big.width).toBeGreaterThanOrEqual(400);
      expect(big.width % big.cells).toBe(0); // every cell the same whole number of pixels
      for (const size of [{ width: 1024, height: 700 }, { width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
        await page.setViewportSize(size);
        await screenshot(page, `features-map-dialog-${size.width}x${size.height}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.keyboard.press('ArrowRight');
      await page.locator('[data-testid=map-dialog][data-index="1"]').waitFor();
      expect(await page.getByTestId('map-dialog-title').innerText()).toMatch(/^channel #\d+/);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.locator('[data-testid=map-dialog][data-index="6"]').waitFor();
      await page.keyboard.press('ArrowDown');
      await page.locator('[data-testid=map-dialog][data-block="3"][data-index="6"]').waitFor();
      expect(await page.getByTestId('frame-number').innerText()).toBe('21');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByTestId('frame-number').innerText()).toBe('21');
      for (const size of [{ width: 1024, height: 700 }, { width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
        await page.setViewportSize(size);
        await screenshot(page, `features-view-${size.width}x${size.height}`);
      }

      // The overlay puts each mean map over the frame, at the frame's size.
      await page.getByTestId('features-overlay').check();
      const overlaid = await canvasFacts(page, 'block-3-mean');
      expect([overlaid.width, overlaid.height]).toEqual([FRAME_SIZE, FRAME_SIZE]);
      expect(overlaid.colours).toBeGreaterThan(10);
      await screenshot(page, 'features-view-overlay');

      // Keys pressed while a frame computes: the newest wish is computed next, the superseded answer
      // dropped. Another play, so that its frames are not computed yet.
      await page.getByTestId('features-frame').evaluate((panel) => {
        // Typed by hand: this tsconfig has no DOM types.
        type Observer = new (callback: () => void) => { observe(target: unknown, options: object): void };
        const { MutationObserver } = globalThis as unknown as { MutationObserver: Observer };
        const seen: (string | null)[] = [];
        (globalThis as { shownFrames?: typeof seen }).shownFrames = seen;
        const record = () => {
          const shownFrame = panel.querySelector('[data-testid=shown-frame]');
          seen.push(shownFrame ? `${shownFrame.getAttribute('data-play')}:${shownFrame.getAttribute('data-frame')}` : null);
        };
        new MutationObserver(record).observe(panel, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-frame', 'data-play'] });
      });
      const otherPlay = await picker.locator('option').nth(2).getAttribute('value');
      await picker.selectOption(otherPlay!);
      await page.getByTestId('features-status').getByText('Computing frame 21').waitFor();
      // The picker keeps the focus after a choice, and arrows there would change the play.
      await picker.evaluate((select) => (select as unknown as { blur(): void }).blur());
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      expect(await page.getByTestId('frame-number').innerText()).toBe('24');
      expect(await shown(21).count()).toBe(1);
      await page.locator(`[data-testid=shown-frame][data-play="${otherPlay}"][data-frame="24"]`).waitFor({ timeout: 30_000 });
      const seen = await page.evaluate(() => (globalThis as { shownFrames?: (string | null)[] }).shownFrames);
      expect(seen).toContain(`${otherPlay}:24`);
      expect(seen).not.toContain(`${otherPlay}:21`);
      expect(seen).not.toContain(`${otherPlay}:23`);

      // Below the maps, the Model panel lists every layer of the model these features feed.
      const model = page.getByTestId('features-model');
      await model.evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
      await page.getByTestId('layer-block5_conv3').waitFor();
      expect(await page.getByTestId('layer-block1_conv1').innerText()).toMatch(/^block1_conv1\s+Conv2D\s+\(None, 40, 64, 64, 64\)\s+1,792\s+frozen/);
      // TensorFlow.js numbers layer names per process (lstm_LSTM1, lstm_LSTM2, …): match the prefix.
      expect(await model.locator('[data-testid^="layer-lstm"]').first().innerText()).toMatch(/LSTM\s+\(None, 64\)\s+147,712\s+trains/);
      // Nothing of VGG16 trains yet; ticking block5_conv3 fine-tunes it: 3 · 3 · 512 · 512 + 512 = 2,359,808 more.
      expect(await model.locator('input[type=checkbox]:checked').count()).toBe(0);
      const trainableParams = async () => Number((await page.getByTestId('model-trainable-params').innerText()).replaceAll(',', ''));
      const before = await trainableParams();
      await page.getByTestId('layer-block5_conv3').getByRole('checkbox').check();
      await expect.poll(trainableParams, { timeout: 10_000 }).toBe(before + 2_359_808);
      await screenshot(page, 'features-model');

      // A model that cannot be built says why: the source's stack does not fit block 5's 2×2 map.
      await page.getByTestId('model-kind').selectOption('frame');
      await page.getByTestId('layer-stack1_conv2d').waitFor();
      await page.getByTestId('model-cut').selectOption('block5_pool');
      await model.getByRole('alert').waitFor();
      expect(await model.getByRole('alert').innerText()).toMatch(/cannot be built: .*does not fit the 2×2 map/);

      // The view fits 1280×800 without a horizontal scrollbar, and only the content area scrolls
      // (the page itself never does: the header and navigation stay put).
      const overflow = await page.locator('#main-content').evaluate((main) => main.scrollWidth - main.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.locator('html').evaluate((html) => html.scrollHeight - html.clientHeight)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('says in plain words what is wrong, and what to do, when a play has no clip at the library’s size', async () => {
    const db = openLibrary(library);
    writeSetting(db, 'frame_size', 96);
    db.close();
    const server = await serveLibrary(library);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByTestId('nav-features').click();
      await page.getByTestId('features-error').waitFor({ timeout: 30_000 });
      const message = await page.getByTestId('features-error').innerText();
      expect(message).toMatch(/no 96×96 clip/);
      expect(message).toMatch(/import its game/i);
      expect(await page.getByTestId('features-error').getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
