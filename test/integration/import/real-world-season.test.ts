/**
 * A season folder as analysts bring it: a Sportscode edit list in UTF-16 LE with a BOM and CR
 * line ends beside a variable-frame-rate recording; a phone's rotated video with an edit list
 * that has Sportscode's bare "&"; an `.ogv` named by a CSV; a text edit list; a notes file and
 * audio commentary that are neither. Imported through the real importer into a real library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleInstants } from '../../../main/media/frame-times.js';
import { importSeason } from '../../../main/import/import-season.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { tempDir } from '../../helpers/temp.js';
import { decodeAllFrames, ffmpeg, frameAtTime, indexOfFrame, vfrFrameTime, writeCountingVideo, writeVfrCountingVideo } from '../../helpers/video.js';

const S = 16;
const FRAME_BYTES = S * S * 3;

/**
 * The reference frame nearest a stored one (mean absolute difference per byte), and how near the
 * next nearest is. Clips are stored lossy (H.264, CRF 20, 4:4:4), so a stored frame matches its
 * source closely (a third of a level per byte, measured) but not byte for byte. The right frame
 * must be the nearest, by a clear margin over the next nearest, so a wrong frame still fails.
 */
function nearestFrame(reference: readonly Buffer[], frame: Uint8Array): { index: number; distance: number; runnerUp: number } {
  const distances = reference.map((r) => {
    let sum = 0;
    for (let i = 0; i < r.length; i++) sum += Math.abs(r[i]! - frame[i]!);
    return sum / r.length;
  });
  const order = distances.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0]);
  return { index: order[0]![1], distance: order[0]![0], runnerUp: order[1]![0] };
}

const utf16leBomCr = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll('\n', '\r'), 'utf16le')]);

describe('importing a season as the tools and cameras write it', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  it('imports every instance of a UTF-16 LE + BOM + CR edit list, samples VFR and rotated video by time and upright', async () => {
    const dir = tempDir();
    const season = path.join(dir, 'season');
    fs.mkdirSync(season);

    // A variable-frame-rate recording with its Sportscode edit list (UTF-16 LE, BOM, CR, no declaration).
    writeVfrCountingVideo(path.join(season, 'vfr-game.mp4'), { seconds: 8 });
    fs.writeFileSync(path.join(season, 'vfr-game.xml'), utf16leBomCr([
      '<file>', '<ALL_INSTANCES>',
      '<instance>', '<ID>1</ID>', '<start>0</start>', '<end>8</end>', '<code>1st Half</code>', '</instance>',
      '<instance>', '<ID>2</ID>', '<start>2.9000000000001</start>', '<end>5.3</end>', '<code>Transition</code>',
      '<label>', '<group>Team</group>', '<text>Hawks</text>', '</label>', '</instance>',
      '<instance>', '<ID>3</ID>', '<start>6</start>', '<end>5</end>', '<code>Cut</code>', '</instance>',
      '<instance>', '<ID>4</ID>', '<start>1</start>', '<end>2</end>', '<code>Team</code>', '</instance>',
      '</ALL_INSTANCES>', '</file>',
    ].join('\n')));

    // A phone video turned a quarter, with an edit list in Sportscode's unescaped "&".
    const upright = path.join(dir, 'upright.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=96x64:r=25:d=3', '-vf', "geq=lum='if(lt(X\\,32)\\,235\\,16)':cb=128:cr=128", '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', upright]);
    ffmpeg(['-i', upright, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(season, 'phone.mp4')]);
    fs.writeFileSync(path.join(season, 'phone.xml'), '<file><ALL_INSTANCES><instance><ID>A1</ID><start>0.5</start><end>2.5</end><code>P&R Ball Handler</code><label><text>Q&A drill</text></label></instance></ALL_INSTANCES></file>');

    // An Ogg Theora file named by a ;-separated CSV with decimal commas, and a text edit list for a file with a camcorder's extension.
    writeCountingVideo(path.join(dir, 'src.mp4'), { seconds: 4, fps: 25 });
    ffmpeg(['-i', path.join(dir, 'src.mp4'), '-c:v', 'libtheora', '-q:v', '5', path.join(season, 'scrimmage.ogv')]);
    fs.writeFileSync(path.join(season, 'scrimmage.csv'), [
      'game;video;start;end;play_type', 'Scrimmage;scrimmage.ogv;1,25;2,75;Post-Up',
      'Radio;commentary.m4a;0,5;0,75;Cut', 'Broken;broken.cam;1;2;Cut', '',
    ].join('\r\n'));
    fs.writeFileSync(path.join(season, 'broken.cam'), Buffer.alloc(4096, 9));
    // A camcorder's own extension: a video because ffprobe finds moving pictures in it.
    ffmpeg(['-i', path.join(dir, 'src.mp4'), '-c', 'copy', '-f', 'matroska', path.join(season, 'camera-2.mod')]);
    fs.writeFileSync(path.join(season, 'camera-2.txt'), 'Code\tStart\tEnd\tTeam\r\nIsolation\t00:00:01:00\t00:00:02:50\tOwls\r\n');

    // Neither film nor annotations: left alone, not reported.
    fs.writeFileSync(path.join(season, 'notes.txt'), 'Bring the scouting report.\n');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', path.join(season, 'commentary.m4a')]);

    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'cli' });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    const cache = ClipCache.besideLibrary(room.db.name);
    const report = await importSeason(room.db, { target: season, clipCache: cache });

    // Every instance accounted for: 2 imported here (VFR), 1 row error with its ID, 2 non-play codes counted.
    // Files named as video that are not: each says why, not "no video next to the annotations".
    expect(report.errors).toEqual([
      { file: path.join(season, 'vfr-game.xml'), line: '3', reason: 'the play ends (5 s) at or before it starts (6 s)' },
      { file: path.join(season, 'scrimmage.csv'), line: 3, reason: '"commentary.m4a" is not a video Film Room can read: it has no video stream, only sound' },
      // A file of tab characters is CD+Graphics karaoke to ffprobe: still not game film.
      { file: path.join(season, 'scrimmage.csv'), line: 4, reason: '"broken.cam" is not a video Film Room can read: ffprobe finds only a still picture, text or karaoke graphics in it, not a video' },
    ]);
    expect(report.skippedCodes).toEqual(expect.arrayContaining([{ code: '1st Half', count: 1 }, { code: 'Team', count: 1 }]));
    expect(report.skippedCodes).toHaveLength(2);
    expect(report.warnings).toEqual([{ file: path.join(season, 'phone.xml'), line: null, reason: expect.stringMatching(/^2 bare "&" \(first on line 1\) read as text/) as unknown as string }]);
    expect(report).toMatchObject({ gamesAdded: 4, playsAdded: 4, clipsAdded: 4 });

    const games = room.db.prepare('SELECT name, video_path, width, height FROM games ORDER BY name').all() as { name: string; video_path: string; width: number; height: number }[];
    expect(games.map((g) => [g.name, path.basename(g.video_path), g.width, g.height])).toEqual([
      ['Scrimmage', 'scrimmage.ogv', 96, 64],
      ['camera-2', 'camera-2.mod', 96, 64],
      ['phone', 'phone.mp4', 64, 96], // the displayed size: turned a quarter
      ['vfr-game', 'vfr-game.mp4', 96, 64],
    ]);
    const clipOf = (game: string) => {
      const row = room!.db.prepare('SELECT c.path, p.start_s, p.end_s, p.play_type_id FROM clips c JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id WHERE g.name = ?').get(game) as { path: string; start_s: number; end_s: number; play_type_id: string };
      return { ...row, rgb: cache.read(row.path) };
    };

    // VFR: each of the 40 frames is the one on screen at its instant, and within one frame of ffmpeg -ss.
    const vfr = clipOf('vfr-game');
    expect(vfr.play_type_id).toBe('Transition');
    const reference = decodeAllFrames(path.join(season, 'vfr-game.mp4'), S);
    for (const [i, t] of sampleInstants(vfr.start_s, vfr.end_s, 40).entries()) {
      let k = 0;
      while (vfrFrameTime(k + 1) <= t + 1e-9) k++;
      const { index: ours, distance, runnerUp } = nearestFrame(reference, vfr.rgb.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES));
      expect(ours, `slot ${i}`).toBe(k);
      // Stored as H.264 (CRF 20, 4:4:4), the frame is close to its source, much closer than to any other frame.
      expect(distance, `slot ${i}: mean difference from frame ${k}`).toBeLessThan(1.5);
      expect(runnerUp, `slot ${i}: mean difference from the next nearest frame`).toBeGreaterThan(2 * distance);
      expect(Math.abs(ours - indexOfFrame(reference, frameAtTime(path.join(season, 'vfr-game.mp4'), t, S)))).toBeLessThanOrEqual(1);
    }

    // Rotated: upright as ffmpeg shows it (bright band at the bottom or top, not at the left).
    const phone = clipOf('phone');
    expect(phone.play_type_id).toBe('PRBallHandler');
    const autorotated = frameAtTime(path.join(season, 'phone.mp4'), 0.525, S);
    const slot0 = phone.rgb.subarray(0, FRAME_BYTES);
    let difference = 0;
    for (let i = 0; i < FRAME_BYTES; i++) difference += Math.abs(slot0[i]! - autorotated[i]!);
    expect(difference / FRAME_BYTES).toBeLessThan(1);
    const rowMean = (rgb: Uint8Array, y: number) => rgb.subarray(y * S * 3, (y + 1) * S * 3).reduce((a, b) => a + b, 0) / (S * 3);
    const colMean = (rgb: Uint8Array, x: number) => Array.from({ length: S }, (_, y) => rgb[(y * S + x) * 3]!).reduce((a, b) => a + b, 0) / S;
    // The stored picture is bright in its left third; shown turned, the bright third runs across a row band.
    expect(Math.abs(rowMean(slot0, 0) - rowMean(slot0, S - 1))).toBeGreaterThan(150);
    expect(Math.abs(colMean(slot0, 0) - colMean(slot0, S - 1))).toBeLessThan(10);

    expect(clipOf('Scrimmage').play_type_id).toBe('Postup');
    expect(clipOf('camera-2').play_type_id).toBe('Isolation');
  });
});
