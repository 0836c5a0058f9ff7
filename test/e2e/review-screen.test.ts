import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_KEY_HELP } from '../../renderer/src/lib/review-keys.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

/** The <video> element's own fields (this tsconfig has no DOM types). */
interface MediaElement {
  playbackRate: number;
  volume: number;
  muted: boolean;
  paused: boolean;
  readyState: number;
  videoWidth: number;
  videoHeight: number;
}

interface Box {
  width: number;
  height: number;
}

const video = (page: Page) => page.getByTestId('review-video');
const media = (page: Page) => video(page).evaluate((v: MediaElement) => ({ rate: v.playbackRate, volume: v.volume, muted: v.muted, paused: v.paused, ready: v.readyState }));

describe('Review that uses the screen, in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-review-screen-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.db');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveLibrary>>;

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '1', '--plays-per-game', '3', '--seed', '5', '--size', '320', '--fps', '25']).output;
    expect(synth.code, synth.stderr).toBe(0);
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    browser = await launchChromium();
    server = await serveLibrary(library);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
  });

  async function openReview(page: Page, url?: string) {
    if (url) await page.goto(url);
    await page.getByTestId('nav-review').click();
    await expect.poll(async () => (await media(page)).ready, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  }

  it('theatre mode fills the content width at 1920×1080, and full screen comes and goes with F and Esc', { timeout: 90_000 }, async () => {
    const { page, errors } = await newAppPage(browser);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openReview(page, server.url);
    const normal = (await video(page).boundingBox())!;

    await page.locator('body').press('t');
    await page.locator('[data-testid="view-review"][data-theatre="true"]').waitFor();
    expect(await page.getByTestId('review-theatre').getAttribute('aria-pressed')).toBe('true');
    // The view's content box: the main area less the view's own padding.
    const content = await page.getByTestId('view-review').evaluate((el: { clientWidth: number; ownerDocument: { defaultView: { getComputedStyle(e: unknown): { paddingLeft: string; paddingRight: string } } } }) => {
      const style = el.ownerDocument.defaultView.getComputedStyle(el);
      return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    });
    await expect.poll(async () => (await video(page).boundingBox())!.width).toBeGreaterThan(content - 1);
    const theatre: Box = (await video(page).boundingBox())!;
    const picture = await video(page).evaluate((v: MediaElement) => ({ width: v.videoWidth, height: v.videoHeight }));
    // The picture itself fills that width: the element is as tall as the film's shape asks, so nothing is letterboxed.
    expect(theatre.width).toBeLessThanOrEqual(content + 1);
    expect(theatre.height).toBeCloseTo((theatre.width * picture.height) / picture.width, -1);
    expect(theatre.width).toBeGreaterThan(normal.width * 1.2);
    console.log(`theatre at 1920×1080: video ${theatre.width.toFixed(0)}×${theatre.height.toFixed(0)} px in a ${content.toFixed(0)} px content width (was ${normal.width.toFixed(0)}×${normal.height.toFixed(0)})`);
    await screenshot(page, 'review-theatre-1920x1080');

    // Esc leaves theatre mode; the setting is kept, so T again brings it back.
    await page.locator('body').press('Escape');
    await page.locator('[data-testid="view-review"][data-theatre="false"]').waitFor();

    // F: the stage (film, transport, timeline) goes full screen; Esc (or F) leaves it.
    const fullscreenId = () => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: { getAttribute(n: string): string } | null } }).document.fullscreenElement?.getAttribute('data-testid') ?? null);
    await page.locator('body').press('f');
    await expect.poll(fullscreenId).toBe('review-stage');
    await expect.poll(() => page.getByTestId('review-fullscreen').getAttribute('aria-pressed')).toBe('true');
    const full = (await video(page).boundingBox())!;
    expect(full.height).toBeGreaterThan(normal.height);
    await screenshot(page, 'review-fullscreen-1920x1080');
    await page.keyboard.press('Escape');
    await expect.poll(fullscreenId).toBe(null);
    await expect.poll(() => page.getByTestId('review-fullscreen').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('review-fullscreen').click();
    await expect.poll(fullscreenId).toBe('review-stage');
    await page.locator('body').press('f');
    await expect.poll(fullscreenId).toBe(null);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speed sets the video’s playbackRate (with J/K/L in step), volume and sound off set the element and survive a reload', { timeout: 90_000 }, async () => {
    const { page, errors } = await newAppPage(browser);
    await openReview(page, server.url);
    expect((await media(page)).rate).toBe(1);

    await page.getByTestId('review-speed').selectOption('0.5');
    await expect.poll(async () => (await media(page)).rate).toBe(0.5);
    // The select gave the keys back: > and < step the speed.
    await page.keyboard.press('Shift+Period');
    await expect.poll(async () => (await media(page)).rate).toBe(0.75);
    await expect.poll(() => page.getByTestId('review-speed').inputValue()).toBe('0.75');
    await page.keyboard.press('Shift+Comma');
    await page.keyboard.press('Shift+Comma');
    await expect.poll(async () => (await media(page)).rate).toBe(0.25);

    // Space plays at the chosen speed; L from there goes to the shuttle's next speed, 1×; K stops; the speed stays.
    await page.keyboard.press(' ');
    await expect.poll(async () => (await media(page)).paused).toBe(false);
    expect((await media(page)).rate).toBe(0.25);
    await page.keyboard.press('l');
    await expect.poll(async () => (await media(page)).rate).toBe(1);
    await page.getByTestId('review-rate').filter({ hasText: '1×' }).waitFor();
    await page.keyboard.press('k');
    await expect.poll(async () => (await media(page)).paused).toBe(true);
    await expect.poll(async () => (await media(page)).rate).toBe(0.25);
    // A speed picked while playing is taken at once.
    await page.keyboard.press('l');
    await expect.poll(async () => (await media(page)).rate).toBe(0.25);
    await page.keyboard.press('Shift+Period');
    await expect.poll(async () => (await media(page)).rate).toBe(0.5);
    expect((await media(page)).paused).toBe(false);
    await page.keyboard.press('k');

    // Volume: the slider sets the element's volume; M and the button turn the sound off and on.
    await page.getByTestId('review-volume').fill('0.3');
    await expect.poll(async () => (await media(page)).volume).toBeCloseTo(0.3, 5);
    await page.getByTestId('review-mute').click();
    await expect.poll(async () => (await media(page)).muted).toBe(true);
    await page.locator('body').press('m');
    await expect.poll(async () => (await media(page)).muted).toBe(false);
    await page.locator('body').press('m');
    await expect.poll(async () => (await media(page)).muted).toBe(true);
    expect(await page.getByTestId('review-mute').getAttribute('aria-pressed')).toBe('true');

    // A reload (the next session) starts as the analyst left it.
    await page.reload();
    await openReview(page);
    await expect.poll(() => media(page)).toMatchObject({ rate: 0.5, muted: true });
    expect((await media(page)).volume).toBeCloseTo(0.3, 5);
    expect(await page.getByTestId('review-speed').inputValue()).toBe('0.5');
    expect(await page.getByTestId('review-volume').inputValue()).toBe('0.3');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('? opens a sheet of every shortcut in Review and in Library, traps the focus, and closes with ? or Esc', { timeout: 90_000 }, async () => {
    const { page, errors } = await newAppPage(browser);
    await openReview(page, server.url);
    const sheet = page.getByTestId('shortcut-sheet');
    const insideSheet = () => page.evaluate(() => ((globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement?.closest('[data-testid="shortcut-sheet"]') ?? null) !== null);

    // The sidebar's digits say what they need: Alt (or Ctrl), since a bare digit relabels in Review.
    expect(await page.getByTestId('nav-shortcut-review').innerText()).toBe('Alt+2');
    expect(await page.getByTestId('nav-review').getAttribute('aria-keyshortcuts')).toBe('Alt+2 Control+2');

    await page.keyboard.press('Shift+Slash');
    await sheet.waitFor({ state: 'visible' });
    // Review's keys, every one of them, in this view's sections, first after the app-wide keys.
    const reviewText = (await sheet.locator('section[data-testid^="shortcuts-review-"]').allInnerTexts()).join('\n');
    for (const line of REVIEW_KEY_HELP) expect(reviewText).toContain(line.does);
    expect(await page.getByTestId('shortcuts-everywhere').innerText()).toContain('go to Training');
    const order = await sheet.locator('section').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-testid')));
    expect(order.slice(0, 3)).toEqual(['shortcuts-everywhere', 'shortcuts-review-playback', 'shortcuts-review-labels']);
    // Focus is in the sheet and stays there; keys do not reach the film behind it.
    expect(await insideSheet()).toBe(true);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await insideSheet()).toBe(true);
    }
    // (Space would press the focused Close button, as it should: L, N and a digit are Review's keys to try.)
    const before = await video(page).evaluate((v: { currentTime: number }) => v.currentTime);
    for (const key of ['l', 'n', 'Alt+3']) await page.keyboard.press(key);
    await page.waitForTimeout(300);
    expect((await media(page)).paused).toBe(true);
    expect(await video(page).evaluate((v: { currentTime: number }) => v.currentTime)).toBe(before);
    expect(await sheet.isVisible()).toBe(true);
    await page.getByTestId('view-review').waitFor();
    await screenshot(page, 'shortcut-sheet-review-1280x800');
    await page.keyboard.press('Shift+Slash');
    await sheet.waitFor({ state: 'hidden' });
    await page.locator('body').press('Shift+Slash');
    await sheet.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });

    // In Library: the same sheet, Library's own keys first after the app-wide ones.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('view-library').waitFor();
    await page.locator('body').press('Shift+Slash');
    await sheet.waitFor({ state: 'visible' });
    const libraryOrder = await sheet.locator('section').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-testid')));
    expect(libraryOrder.slice(0, 2)).toEqual(['shortcuts-everywhere', 'shortcuts-library']);
    expect(libraryOrder).toEqual(expect.arrayContaining(['shortcuts-review-playback', 'shortcuts-review-labels', 'shortcuts-features', 'shortcuts-evaluation', 'shortcuts-import']));
    await screenshot(page, 'shortcut-sheet-library-1280x800');
    await page.getByTestId('shortcut-sheet-close').click();
    await sheet.waitFor({ state: 'hidden' });

    // Typing ? in a text field types it.
    await page.keyboard.press('Alt+6');
    await page.getByTestId('import-path').fill('');
    await page.getByTestId('import-path').pressSequentially('/tmp/why?');
    expect(await page.getByTestId('import-path').inputValue()).toBe('/tmp/why?');
    expect(await sheet.isVisible()).toBe(false);
    // The button in the sidebar opens it too.
    await page.getByTestId('shortcuts-open').click();
    await sheet.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('screenshots of Review, normal and in theatre mode, at 1024×700, 1280×800 and 1920×1080', { timeout: 90_000 }, async () => {
    const { page, errors } = await newAppPage(browser);
    await openReview(page, server.url);
    for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="view-review"][data-theatre="false"]').waitFor();
      await screenshot(page, `review-player-${width}x${height}`);
      await page.locator('body').press('t');
      await page.locator('[data-testid="view-review"][data-theatre="true"]').waitFor();
      await screenshot(page, `review-theatre-${width}x${height}`);
      await page.locator('body').press('t');
      await page.locator('body').press('Shift+Slash');
      await page.getByTestId('shortcut-sheet').waitFor({ state: 'visible' });
      await screenshot(page, `shortcut-sheet-${width}x${height}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcut-sheet').waitFor({ state: 'hidden' });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
