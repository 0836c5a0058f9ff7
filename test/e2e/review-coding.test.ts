import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Play } from '../../shared/api/library.js';
import { ModelSpec } from '../../shared/api/model-spec.js';
import { openLibrary } from '../../main/library/database.js';
import { getClip } from '../../main/library/repositories/clips.js';
import { listPlays } from '../../main/library/repositories/plays.js';
import { storePredictions } from '../../main/library/repositories/predictions.js';
import { readSettings } from '../../main/library/repositories/settings.js';
import { createRun, updateRun } from '../../main/library/repositories/training-runs.js';
import { launchChromium, newAppPage, screenshot, serveLibrary } from '../helpers/browser.js';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { suiteTempDir } from '../helpers/temp.js';

/** The <video> element's own fields (this tsconfig has no DOM types). */
interface MediaElement {
  currentTime: number;
  readyState: number;
}

const FPS = 25;
/** One frame of the game, the tolerance of anything placed by the mouse. */
const FRAME = 1 / FPS;

/**
 * An analyst codes film in Review with the keyboard and the mouse: a play marked with I and O, one
 * coded on the code bar, trimmed by dragging its edge and by [ ] nudges, split, merged and deleted;
 * each step undone and redone (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) and checked in the library's SQLite.
 */
describe('coding film in Review, in real Chromium', () => {
  const dir = suiteTempDir('filmroom-e2e-coding-');
  const season = path.join(dir, 'season');
  const library = path.join(dir, 'library.db');
  let browser: Browser;
  let gameId: number;
  let durationS: number;
  /** The plays left in the game: 2.2–7.2 s and 22.56–30.6 s (the middle one is removed, leaving room to code). */
  let first: Play;

  beforeAll(async () => {
    const synth = await spawnFilmroom(['synth', '--out', season, '--games', '1', '--plays-per-game', '3', '--seed', '5', '--size', '160', '--fps', String(FPS)]).output;
    expect(synth.code, synth.stderr).toBe(0);
    const imported = await spawnFilmroom(['import', season, '--library', library]).output;
    expect(imported.code, imported.stderr).toBe(0);
    const db = openLibrary(library);
    try {
      const plays = listPlays(db, {}, { limit: 100, offset: 0 }).plays.sort((a, b) => a.startS - b.startS);
      expect(plays.map((p) => [p.startS, p.endS])).toEqual([[2.2, 7.2], [11.56, 18.6], [22.56, 30.6]]);
      // Room to code: the middle play goes (straight from the table, so the journal starts empty).
      db.prepare('DELETE FROM plays WHERE id = ?').run(plays[1]!.id);
      first = plays[0]!;
      gameId = first.gameId;
      durationS = (db.prepare('SELECT duration_s AS d FROM games WHERE id = ?').get(gameId) as { d: number }).d;
      // A finished run that predicted the first play: trimming that play must show the prediction as stale.
      const run = createRun(db, 'seeded run', ModelSpec.parse({ backbone: { weights: 'random:0', cut: 'block1_pool', pooling: 'avg', size: 32, frames: 6 } }));
      storePredictions(db, run.id, [{ playId: first.id, playType: 'Cut', confidence: 0.8, probabilities: { Cut: 0.8, Transition: 0.2 } }]);
      updateRun(db, run.id, { status: 'finished', finishedAt: new Date().toISOString() });
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The game's plays as the library holds them now, in film order: [start, end, type]. */
  function spans(): [number, number, string][] {
    const db = openLibrary(library);
    try {
      return listPlays(db, { gameId }, { limit: 100, offset: 0 })
        .plays.sort((a, b) => a.startS - b.startS)
        .map((p) => [p.startS, p.endS, p.playType]);
    } finally {
      db.close();
    }
  }

  function playWithId(id: number): Play | undefined {
    const db = openLibrary(library);
    try {
      return listPlays(db, { gameId }, { limit: 100, offset: 0 }).plays.find((p) => p.id === id);
    } finally {
      db.close();
    }
  }

  function playAt(startS: number): Play | undefined {
    const db = openLibrary(library);
    try {
      return listPlays(db, { gameId }, { limit: 100, offset: 0 }).plays.find((p) => Math.abs(p.startS - startS) < 1e-6);
    } finally {
      db.close();
    }
  }

  /** The frames of the play's clip at the library's clip shape, or null without one. */
  function clipFramesOf(playId: number): number | null {
    const db = openLibrary(library);
    try {
      const { clipFrames, frameSize } = readSettings(db);
      return getClip(db, playId, clipFrames, frameSize)?.frames ?? null;
    } finally {
      db.close();
    }
  }

  function journal(): { operation: string; source: string; state: string }[] {
    const db = openLibrary(library);
    try {
      return db.prepare('SELECT operation, source, state FROM coding_journal ORDER BY id').all() as { operation: string; source: string; state: string }[];
    } finally {
      db.close();
    }
  }

  const FIXED: [number, number, string][] = [[2.2, 7.2, 'Transition'], [22.56, 30.6, 'Postup']];
  /** The library's plays are these (besides the two that stay), once the view has saved them. */
  const expectPlays = (coded: [number, number, string][]) =>
    expect.poll(() => spans(), { timeout: 10_000 }).toEqual([...FIXED, ...coded].sort((a, b) => a[0] - b[0]));

  /** Puts the playhead in the middle of the frame starting at `timeS`, and waits for Review to show it. */
  async function seek(page: Page, timeS: number): Promise<void> {
    await page.getByTestId('review-video').evaluate((v: MediaElement, t: number) => (v.currentTime = t), timeS + FRAME / 2);
    await page.getByTestId('review-frame').filter({ hasText: new RegExp(`^frame ${Math.round(timeS * FPS)}$`) }).waitFor();
  }

  /** Waits for the status line to say this; a timeout says what it said instead. */
  async function status(page: Page, text: string | RegExp): Promise<void> {
    try {
      await page.getByTestId('coding-status').filter({ hasText: text }).waitFor({ timeout: 15_000 });
    } catch (error) {
      throw new Error(`The status line never said ${String(text)}; it says "${await page.getByTestId('coding-status').innerText()}"`, { cause: error });
    }
  }
  const keys = (page: Page, key: string) => page.locator('body').press(key);

  /** Ctrl+Z takes the step back, then the redo key does it again; the library shows both. */
  async function undoRedo(page: Page, before: [number, number, string][], after: [number, number, string][], redo: 'Control+Shift+Z' | 'Control+y') {
    await keys(page, 'Control+z');
    await status(page, /^Undone: /);
    await expectPlays(before);
    await keys(page, redo);
    await status(page, /^Redone: /);
    await expectPlays(after);
  }

  it('codes a play with I/O and the code bar, trims it by drag and keys, splits, merges, deletes, undoes and redoes each; refuses an overlap; scrubs', { timeout: 180_000 }, async () => {
    const server = await serveLibrary(library);
    try {
      const { page, errors } = await newAppPage(browser);
      await page.goto(server.url);
      await page.getByTestId('nav-review').click();
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

      // I on the frame at 9.0 s and O on the one before 12.0 s (its last frame) mark 9.0–12.0 s;
      // 2 (Isolation, the second type) makes the play.
      await seek(page, 9);
      await keys(page, 'i');
      await status(page, 'In at 00:09.0');
      await seek(page, 12 - FRAME);
      await keys(page, 'o');
      await status(page, 'Marked 00:09.0–00:12.0');
      await page.getByTestId('timeline-marked').waitFor();
      await keys(page, '2');
      await status(page, /^Added Isolation play \d+ \(9\.00 s to 12\.00 s\)/);
      const isolation: [number, number, string] = [9, 12, 'Isolation'];
      await expectPlays([isolation]);
      expect(playAt(9)).toMatchObject({ labelSource: 'analyst' });
      expect(journal()).toEqual([{ operation: 'add', source: 'analyst', state: 'done' }]);
      await undoRedo(page, [], [isolation], 'Control+Shift+Z');
      // Its 40-frame clip is sampled in the background, ready for the next extraction.
      await expect.poll(() => clipFramesOf(playAt(9)!.id), { timeout: 30_000 }).toBe(40);

      // The code bar with a lead and lag of 1 s (kept on this computer): Cut pressed at 14 s and
      // again at 17 s codes 13–18 s.
      await page.getByTestId('code-lead').fill('1');
      await page.getByTestId('code-lead').press('Enter');
      await page.getByTestId('code-lag').fill('1');
      await page.getByTestId('code-lag').press('Enter');
      await expect.poll(() => page.evaluate('[localStorage.getItem("filmroom.review.codeLeadS"), localStorage.getItem("filmroom.review.codeLagS")]')).toEqual(['1', '1']);
      await seek(page, 14);
      await page.getByTestId('code-Cut').click();
      await status(page, 'Coding Cut from 00:13.0');
      expect(await page.getByTestId('code-Cut').getAttribute('aria-pressed')).toBe('true');
      await seek(page, 17);
      await page.getByTestId('code-Cut').click();
      await status(page, /^Added Cut play \d+ \(13\.00 s to 18\.00 s\)/);
      await expectPlays([isolation, [13, 18, 'Cut']]);
      await undoRedo(page, [isolation], [isolation, [13, 18, 'Cut']], 'Control+y');
      const cutId = playAt(13)!.id;

      // The keyboard's code bar: Shift+1 starts a Transition at 19.6 s (a second's lead: 18.6 s),
      // Shift+1 again ends it at 22 s, where the lag stops at the next play's start (22.56 s).
      await seek(page, 19.6);
      await keys(page, 'Shift+Digit1');
      await status(page, 'Coding Transition');
      await seek(page, 22);
      await keys(page, 'Shift+Digit1');
      await status(page, /^Added Transition play/);
      await expectPlays([isolation, [13, 18, 'Cut'], [18.6, 22.56, 'Transition']]);
      await keys(page, 'Delete');
      await status(page, /^Deleted play \d+ \(Transition/);
      await expectPlays([isolation, [13, 18, 'Cut']]);

      // Drag the Cut's end edge on the timeline to about 19 s: the end lands on the frame grid.
      await seek(page, 17);
      await page.getByTestId(`true-segment-${cutId}`).and(page.locator('.current')).waitFor();
      const track = (await page.getByTestId('timeline-true').boundingBox())!;
      const lengthS = Math.max(durationS, 30.6);
      const handle = (await page.getByTestId(`edge-end-${cutId}`).boundingBox())!;
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(track.x + (19 / lengthS) * track.width, handle.y + handle.height / 2, { steps: 6 });
      await page.mouse.up();
      await status(page, /^Trimmed play \d+ to 13\.00 s/);
      await expect.poll(() => playAt(13)?.endS).toBeGreaterThan(18.9);
      const dragged = playAt(13)!.endS;
      expect(Math.abs(dragged - 19)).toBeLessThanOrEqual(FRAME + 1e-9);
      expect(Math.abs(dragged * FPS - Math.round(dragged * FPS))).toBeLessThan(1e-6);
      await undoRedo(page, [isolation, [13, 18, 'Cut']], [isolation, [13, dragged, 'Cut']], 'Control+Shift+Z');

      // Its start edge, dragged earlier to about 12.5 s (before the play: the film follows the edge
      // out of it, and the play keeps its handles to the drop), then later to about 13.5 s.
      const dragStart = async (toS: number) => {
        const edge = page.getByTestId(`edge-start-${cutId}`);
        const box = (await edge.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(track.x + (toS / lengthS) * track.width, box.y + box.height / 2, { steps: 6 });
        expect(await edge.count()).toBe(1);
        await page.mouse.up();
        await expect.poll(() => Math.abs(playWithId(cutId)!.startS - toS) <= FRAME + 1e-9, { timeout: 15_000 }).toBe(true);
        await status(page, /^Trimmed play \d+/);
        const startS = playWithId(cutId)!.startS;
        expect(Math.abs(startS * FPS - Math.round(startS * FPS))).toBeLessThan(1e-6);
        return startS;
      };
      await seek(page, 14);
      await page.getByTestId(`true-segment-${cutId}`).and(page.locator('.current')).waitFor();
      const earlier = await dragStart(12.5);
      await expectPlays([isolation, [earlier, dragged, 'Cut']]);
      await page.getByTestId(`true-segment-${cutId}`).and(page.locator('.current')).waitFor();
      const later = await dragStart(13.5);
      await expectPlays([isolation, [later, dragged, 'Cut']]);
      await keys(page, 'Control+z');
      await expectPlays([isolation, [earlier, dragged, 'Cut']]);
      await keys(page, 'Control+z');
      await expectPlays([isolation, [13, dragged, 'Cut']]);

      // [ and ] move the edge nearer the playhead (the end: the playhead followed it there):
      // ] a frame later, Shift+] a second later, [ a frame earlier.
      await seek(page, dragged - FRAME);
      const round = (t: number) => Math.round(t * 1e6) / 1e6;
      await keys(page, ']');
      await expect.poll(() => playAt(13)?.endS).toBe(round(dragged + FRAME));
      await keys(page, 'Shift+BracketRight');
      await expect.poll(() => playAt(13)?.endS).toBe(round(dragged + FRAME + 1));
      await keys(page, '[');
      await expect.poll(() => playAt(13)?.endS).toBe(round(dragged + 1));
      const nudged = round(dragged + 1);
      await undoRedo(page, [isolation, [13, round(dragged + FRAME + 1), 'Cut']], [isolation, [13, nudged, 'Cut']], 'Control+y');

      // S splits the Cut at the playhead (15 s), both halves Cuts.
      await seek(page, 15);
      await keys(page, 's');
      await status(page, /^Split play \d+ at 15\.00 s/);
      const split: [number, number, string][] = [isolation, [13, 15, 'Cut'], [15, nudged, 'Cut']];
      await expectPlays(split);
      await undoRedo(page, [isolation, [13, nudged, 'Cut']], split, 'Control+Shift+Z');

      // Shift+M merges the first half with its next neighbour again (M alone is the sound).
      await seek(page, 14);
      await keys(page, 'Shift+M');
      await status(page, /^Merged plays/);
      await expectPlays([isolation, [13, nudged, 'Cut']]);
      await undoRedo(page, split, [isolation, [13, nudged, 'Cut']], 'Control+y');

      // Delete takes the current play away at once; Ctrl+Z brings it back.
      await seek(page, 14);
      await page.getByTestId('play-delete').click();
      await status(page, /^Deleted play \d+ \(Cut/);
      await expectPlays([isolation]);
      await undoRedo(page, [isolation, [13, nudged, 'Cut']], [isolation], 'Control+Shift+Z');

      // Refusals, said on the status line, with the library untouched: a span over the first play,
      // and one on a single frame.
      await seek(page, 5);
      await keys(page, 'i');
      await seek(page, 8 - FRAME);
      await keys(page, 'o');
      await keys(page, '1');
      await status(page, /^Refused: 5\.00 s to 8\.00 s overlaps play \d+ \(Transition/);
      expect(await page.getByTestId('coding-status').getAttribute('role')).toBe('alert');
      await page.getByTestId('code-bar').scrollIntoViewIfNeeded();
      await screenshot(page, 'review-coding-refused-1280x800');
      await keys(page, 'Escape');
      await status(page, 'Marks dropped');
      // A one-frame play (I and O on one frame), then ] on its start (the playhead is as near its
      // start as its end: the start is moved): a zero-length play is refused.
      await seek(page, 20);
      await keys(page, 'i');
      await keys(page, 'o');
      await keys(page, '3');
      await expectPlays([isolation, [20, 20.04, 'PRBallHandler']]);
      await keys(page, ']');
      await status(page, /^Refused: A play must end after it starts: 20\.04 s to 20\.04 s is zero-length/);
      await keys(page, 'Delete');
      await expectPlays([isolation]);
      // Past the end of the video (31.76 s): a second more on the last play's end (30.6 s) is
      // saved, a second more again is refused; Ctrl+Z puts the end back.
      await seek(page, 30.6 - FRAME);
      await keys(page, 'Shift+BracketRight');
      await expect.poll(() => playAt(22.56)?.endS).toBe(31.6);
      await keys(page, 'Shift+BracketRight');
      await status(page, /^Refused: The play would end at 32\.60 s, past the end of/);
      await keys(page, 'Control+z');
      await expectPlays([isolation]);

      // The details of the current play, saved as they are typed: E puts the keys in the team field,
      // where Review's keys (S, M, Ctrl+Z…) type and edit text instead.
      await seek(page, 10);
      await keys(page, 'e');
      await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('play-team');
      await page.keyboard.type('Sums');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('ns');
      await page.keyboard.press('Enter');
      await status(page, /^Edited team of play/);
      await expectPlays([isolation]);
      await page.getByTestId('play-player').fill('D. Booker');
      await page.getByTestId('play-player').press('Enter');
      await status(page, /^Edited player of play/);
      await page.getByTestId('play-tags').fill('ato, late clock');
      await page.getByTestId('play-tags').press('Enter');
      await status(page, /^Edited tags of play/);
      await expect.poll(() => playAt(9)).toMatchObject({ team: { name: 'Suns' }, player: 'D. Booker', tags: ['ato', 'late clock'] });

      // Scrubbing: press on the ruler and drag; the playhead follows before the button is let go.
      const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
      const y = ruler.y + ruler.height / 2;
      await page.mouse.move(ruler.x + (4 / lengthS) * ruler.width, y);
      await page.mouse.down();
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime)).toBeCloseTo(4, 0);
      await page.mouse.move(ruler.x + (25 / lengthS) * ruler.width, y, { steps: 8 });
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime)).toBeCloseTo(25, 0);
      await page.mouse.up();
      // And on a row: from 25 s back to 16 s.
      const row = (await page.getByTestId('timeline-predicted').boundingBox())!;
      await page.mouse.move(row.x + (25 / lengthS) * row.width, row.y + row.height / 2);
      await page.mouse.down();
      await page.mouse.move(row.x + (16 / lengthS) * row.width, row.y + row.height / 2, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => page.getByTestId('review-video').evaluate((v: MediaElement) => v.currentTime)).toBeCloseTo(16, 0);

      // The first play had a prediction; trimming its start makes it stale: drawn hatched, and said.
      await seek(page, 2.2);
      expect(await page.getByTestId(`predicted-segment-${first.id}`).getAttribute('class')).not.toContain('stale');
      await keys(page, '[');
      await expect.poll(() => playAt(2.16)?.endS).toBe(7.2);
      await expect.poll(() => page.getByTestId(`predicted-segment-${first.id}`).getAttribute('class')).toContain('stale');
      await page.getByTestId('current-prediction-stale').waitFor();

      // The legend says the new keys.
      const hints = await page.getByTestId('review-key-hints').innerText();
      for (const words of ['mark in · mark out', 'loop play', 'split at the playhead', 'redo']) expect(hints).toContain(words);

      // Screens with a play open on the code bar (lit, and drawn on the row up to the playhead)…
      await seek(page, 19);
      await page.getByTestId('code-Handoff').click();
      await status(page, 'Coding Handoff');
      await seek(page, 21);
      for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await page.getByTestId('code-bar').scrollIntoViewIfNeeded();
        await screenshot(page, `review-coding-${width}x${height}`);
      }
      // …and with a marked span waiting for its type.
      await keys(page, 'Escape');
      await seek(page, 14);
      await keys(page, 'i');
      await seek(page, 18);
      await keys(page, 'o');
      await status(page, 'Marked 00:14.0–00:18.0');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByTestId('code-bar').scrollIntoViewIfNeeded();
      await screenshot(page, 'review-coding-marked-1280x800');
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
