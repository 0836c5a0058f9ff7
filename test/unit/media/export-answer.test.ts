/**
 * An export's download and a game's video share one file answer; a refusal names what was asked for.
 * A download whose file vanished after the lookup must not say "the video of game 0 is missing".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerExportRequest } from '../../../main/media/export-download.js';
import { answerVideoRequest } from '../../../main/media/video-answer.js';
import { tempDir } from '../../helpers/temp.js';

describe('answers for files', () => {
  it('an export file: bytes as a download, or a refusal that names the export', async () => {
    const file = path.join(tempDir(), 'monday.mp4');
    fs.writeFileSync(file, Buffer.alloc(100, 7));
    const bytes = await answerExportRequest('clips-1', 0, 'bytes=10-19', () => file);
    expect(bytes).toMatchObject({ kind: 'bytes', status: 206, start: 10, end: 19, size: 100 });
    expect(bytes.headers['Content-Disposition']).toMatch(/^attachment; filename="monday\.mp4"/);
    const gone = await answerExportRequest('clips-1', 0, undefined, () => path.join(tempDir(), 'moved.mp4'));
    expect(gone).toMatchObject({ kind: 'refused', status: 404 });
    expect(gone.kind === 'refused' && gone.message).toMatch(/^The exported file moved\.mp4 is no longer where the export wrote it/);
    const none = await answerExportRequest('clips-1', 2, undefined, () => undefined);
    expect(none.kind === 'refused' && none.message).toMatch(/^Job clips-1 has no finished file 3 to download/);
    expect(await answerExportRequest('clips-1', 0, undefined, () => file, 'POST')).toMatchObject({ kind: 'refused', status: 405 });
  });

  it('a game video still says which game’s video is missing, and is no download', async () => {
    const missing = await answerVideoRequest(4, undefined, () => '/nowhere/game.mp4');
    expect(missing.kind === 'refused' && missing.message).toBe('The video of game 4 is missing (game.mp4): move it back or import the game again.');
    const file = path.join(tempDir(), 'game.mp4');
    fs.writeFileSync(file, Buffer.alloc(10));
    const whole = await answerVideoRequest(4, undefined, () => file);
    expect(whole).toMatchObject({ kind: 'bytes', status: 200, size: 10 });
    expect(whole.headers['Content-Disposition']).toBeUndefined();
  });
});
