/**
 * Plays exported as video: one MP4 with every play in order, and/or one MP4 per play, each play
 * widened by lead/lag seconds and optionally preceded by a title card. A cut that starts on a
 * keyframe is stream-copied; any other is re-encoded (H.264, and AAC where the source has sound).
 * An application-layer function: the CLI calls it, and a job can, with a signal and a progress callback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Game, Play } from '../../shared/api/library.js';
import { CancelledError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { showPlaylist } from '../coding/playlists.js';
import { EtaEstimator } from '../jobs/eta.js';
import { getGame } from '../library/repositories/games.js';
import { findPlay, listPlays } from '../library/repositories/plays.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { ffmpegPath, mediaInput } from '../media/binaries.js';
import { isOnKeyframe, readCutInfo, type CutInfo } from '../media/keyframes.js';
import { lastLine, runProcess } from '../media/run-process.js';
import { replaceAtomically, tempPathFor } from '../system/atomic-file.js';
import { PRIVATE_FOLDER_MODE } from '../system/private-files.js';
import { findTitleFont, titleCardFilter } from './title-card.js';

/** Seconds a title card is shown. */
export const TITLE_CARD_S = 2;

export const ClipExportRequest = z
  .object({
    playIds: z.array(z.number().int().positive()).min(1).optional(),
    gameId: z.number().int().positive().optional(),
    playlist: z.string().min(1).optional(),
    /** One file with every play in order (absolute path). */
    out: z.string().min(1).optional(),
    /** One file per play in this folder (absolute path). */
    perPlayDir: z.string().min(1).optional(),
    leadS: z.number().min(0).max(60).default(0),
    lagS: z.number().min(0).max(60).default(0),
    titles: z.boolean().default(false),
  })
  .strict()
  .refine((r) => [r.playIds, r.gameId, r.playlist].filter((x) => x !== undefined).length === 1, { message: 'choose the plays: play ids, a game or a playlist (one of them)' })
  .refine((r) => r.out !== undefined || r.perPlayDir !== undefined, { message: 'say where to write: an output file, a folder for one file per play, or both' });
export type ClipExportRequest = z.input<typeof ClipExportRequest>;

export interface ExportedFile {
  path: string;
  playIds: number[];
  /** What the file should last: the plays' spans with lead/lag (clamped to the video), plus cards. */
  expectedDurationS: number;
  /** Stream copy, or re-encoded. */
  method: 'copy' | 'encode';
}

export interface ClipExportResult {
  files: ExportedFile[];
  plays: number;
  /** How the title cards were drawn: 'drawtext' with a font, 'blank' (no font found: a plain card, no text), or 'none'. */
  titleCards: 'drawtext' | 'blank' | 'none';
  font: string | null;
}

export interface ClipExportProgress {
  done: number;
  total: number;
  fraction: number;
  etaS: number | null;
  message: string;
}

interface Segment {
  play: Play;
  game: Game;
  inS: number;
  outS: number;
  cut: CutInfo;
  onKeyframe: boolean;
}

/** The plays a request names, in export order; refuses a missing play, game or playlist by name. */
export function choosePlays(db: Database, r: Pick<z.output<typeof ClipExportRequest>, 'playIds' | 'gameId' | 'playlist'>): Play[] {
  if (r.playIds) {
    return r.playIds.map((id) => {
      const play = findPlay(db, id);
      if (!play) throw new NotFoundError(`No play ${id} in this library.`);
      return play;
    });
  }
  if (r.gameId !== undefined) {
    if (!getGame(db, r.gameId)) throw new NotFoundError(`No game ${r.gameId} in this library.`);
    return listPlays(db, { gameId: r.gameId }, { limit: 1_000_000, offset: 0 }).plays;
  }
  return showPlaylist(db, { name: r.playlist! }).plays;
}

function typeNames(db: Database): Map<string, string> {
  return new Map(listPlayTypes(db).map((t) => [t.id, t.name]));
}

async function ffmpeg(args: string[], signal: AbortSignal | undefined, what: string): Promise<void> {
  const result = await runProcess(ffmpegPath(), ['-v', 'error', '-nostdin', '-y', ...args], signal ? { signal } : {}).catch((error: unknown) => {
    if (signal?.aborted) throw new CancelledError('Clip export cancelled.');
    throw error;
  });
  if (signal?.aborted) throw new CancelledError('Clip export cancelled.');
  if (result.code !== 0) throw new Error(`ffmpeg could not ${what}: ${lastLine(result.stderr)}`);
}

/** The uniform shape every re-encoded piece gets, so pieces join without another encode. */
interface Format {
  width: number;
  height: number;
  fps: number;
  audio: boolean;
}

const VIDEO_ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-video_track_timescale', '90000'];
const AUDIO_ENCODE = ['-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2'];

/**
 * A joined file is made of pieces: video alone (H.264, copied or encoded) and its sound alone as
 * PCM cut to the exact sample, encoded to AAC once at the join. Joining AAC pieces would add up to
 * a packet of padding per piece and drift the plays apart.
 */
interface Piece {
  video: string;
  audio: string | null;
}

function frames(seconds: number, fps: number): number {
  return Math.max(1, Math.round(seconds * fps));
}

/**
 * Whole frames for the pieces of one file, so the file's length stays within half a frame of the
 * spans' sum: each piece gets what brings the running total to the rounded running sum. Rounding
 * each piece alone would drift by up to half a frame a play (a lead of 0.5 s at 25 fps does).
 */
class FrameBudget {
  private seconds = 0;
  private frames = 0;

  constructor(private readonly fps: number) {}

  take(seconds: number): number {
    this.seconds += seconds;
    const target = Math.max(this.frames + 1, Math.round(this.seconds * this.fps));
    const count = target - this.frames;
    this.frames = target;
    return count;
  }
}

async function encodeVideo(s: Segment, format: Format, frameCount: number, file: string, signal: AbortSignal | undefined): Promise<void> {
  const fit = `scale=${format.width}:${format.height}:force_original_aspect_ratio=decrease,pad=${format.width}:${format.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${format.fps}`;
  await ffmpeg(
    ['-ss', s.inS.toFixed(6), '-t', (s.outS - s.inS + 1 / format.fps).toFixed(6), '-i', mediaInput(s.game.videoPath), '-map', '0:v:0', '-vf', fit, '-frames:v', String(frameCount), ...VIDEO_ENCODE, '-an', '-f', 'mp4', file],
    signal,
    `re-encode play ${s.play.id}`,
  );
}

async function copyVideo(s: Segment, file: string, signal: AbortSignal | undefined): Promise<void> {
  await ffmpeg(['-ss', s.inS.toFixed(6), '-i', mediaInput(s.game.videoPath), '-t', (s.outS - s.inS).toFixed(6), '-map', '0:v:0', '-c', 'copy', '-an', '-avoid_negative_ts', 'make_zero', '-f', 'mp4', file], signal, `copy play ${s.play.id}`);
}

/** The sound of a span (or silence for a video without any), exactly `seconds` long, as 48 kHz stereo PCM. */
async function audioPiece(source: { file: string; inS: number } | null, seconds: number, file: string, signal: AbortSignal | undefined): Promise<void> {
  const input = source ? ['-ss', source.inS.toFixed(6), '-t', seconds.toFixed(6), '-i', mediaInput(source.file), '-map', '0:a:0'] : ['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo'];
  await ffmpeg([...input, '-af', `aresample=48000,apad,atrim=0:${seconds.toFixed(6)}`, '-ar', '48000', '-ac', '2', '-c:a', 'pcm_s16le', '-f', 'wav', file], signal, 'cut the sound');
}

/** A play's pieces: its video (copied when `copy`, else `frameCount` frames) and, when the output has sound, its sound. */
async function playPiece(s: Segment, format: Format, copy: boolean, frameCount: number, base: string, signal: AbortSignal | undefined): Promise<Piece> {
  const video = `${base}.mp4`;
  await (copy ? copyVideo(s, video, signal) : encodeVideo(s, format, frameCount, video, signal));
  if (!format.audio) return { video, audio: null };
  // A copied piece keeps whole frames from its keyframe: its sound is cut to the same length.
  const seconds = copy ? frames(s.outS - s.inS, s.game.fps) / s.game.fps : frameCount / format.fps;
  const audio = `${base}.wav`;
  await audioPiece(s.cut.hasAudio ? { file: s.game.videoPath, inS: s.inS } : null, seconds, audio, signal);
  return { video, audio };
}

async function cardPiece(s: Segment, format: Format, frameCount: number, font: string | null, names: Map<string, string>, base: string, signal: AbortSignal | undefined): Promise<Piece> {
  const headline = `${base}-headline.txt`;
  const detail = `${base}-detail.txt`;
  fs.writeFileSync(headline, names.get(s.play.playType) ?? s.play.playType);
  fs.writeFileSync(detail, [s.play.team?.name, s.play.period !== null ? `Period ${s.play.period}` : null, s.play.clock, s.play.player].filter(Boolean).join('  ·  ') || s.game.name);
  const video = `${base}.mp4`;
  await ffmpeg(
    [
      '-f', 'lavfi', '-i', `color=c=0x1b1f24:s=${format.width}x${format.height}:r=${format.fps}`,
      '-vf', `${font ? `${titleCardFilter(font, { headline, detail }, format.height)},` : ''}setsar=1`,
      '-frames:v', String(frameCount), ...VIDEO_ENCODE, '-an', '-f', 'mp4', video,
    ],
    signal,
    `draw the title card of play ${s.play.id}`,
  );
  if (!format.audio) return { video, audio: null };
  const audio = `${base}.wav`;
  await audioPiece(null, frameCount / format.fps, audio, signal);
  return { video, audio };
}

function listFile(files: readonly string[], file: string): string {
  fs.writeFileSync(file, files.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n'));
  return file;
}

async function join(pieces: readonly Piece[], work: string, out: string, signal: AbortSignal | undefined): Promise<void> {
  const stem = path.join(work, `join-${path.basename(out)}`);
  const args = ['-f', 'concat', '-safe', '0', '-i', listFile(pieces.map((p) => p.video), `${stem}-video.txt`)];
  const withAudio = pieces.every((p) => p.audio !== null);
  if (withAudio) args.push('-f', 'concat', '-safe', '0', '-i', listFile(pieces.map((p) => p.audio!), `${stem}-audio.txt`), '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy', ...AUDIO_ENCODE);
  else args.push('-map', '0:v:0', '-c:v', 'copy');
  await replaceAtomically(out, (temp) => ffmpeg([...args, '-movflags', '+faststart', '-f', 'mp4', temp], signal, `join the clips into ${out}`));
}

/** A single play straight to its file: copy video and sound when it starts on a keyframe, else encode both. */
async function singlePlay(s: Segment, format: Format, copy: boolean, target: string, signal: AbortSignal | undefined): Promise<void> {
  const input = ['-ss', s.inS.toFixed(6), '-t', (s.outS - s.inS + (copy ? 0 : 1 / format.fps)).toFixed(6), '-i', mediaInput(s.game.videoPath)];
  const maps = ['-map', '0:v:0', ...(s.cut.hasAudio ? ['-map', '0:a:0'] : [])];
  const codecs = copy
    ? ['-c', 'copy', '-avoid_negative_ts', 'make_zero']
    : ['-vf', `setsar=1,fps=${format.fps}`, '-frames:v', String(frames(s.outS - s.inS, format.fps)), ...VIDEO_ENCODE, ...(s.cut.hasAudio ? [...AUDIO_ENCODE, '-af', `atrim=0:${(s.outS - s.inS).toFixed(6)}`] : ['-an'])];
  await replaceAtomically(target, (temp) => ffmpeg([...input, ...maps, ...codecs, '-movflags', '+faststart', '-f', 'mp4', temp], signal, `export play ${s.play.id}`));
}

/** Removes `folder` and its parents up to `topCreated` (the first folder mkdir made), each only when empty. */
function removeEmptyFolders(folder: string, topCreated: string): void {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === path.resolve(topCreated) || path.dirname(dir) === dir) return;
  }
}

export async function exportClips(
  db: Database,
  request: ClipExportRequest,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (progress: ClipExportProgress) => void } = {},
): Promise<ClipExportResult> {
  const r = ClipExportRequest.parse(request);
  for (const p of [r.out, r.perPlayDir]) if (p !== undefined && !path.isAbsolute(p)) throw new ValidationError(`Give the full path to write (on the machine Film Room runs on), not "${p}".`);
  const plays = choosePlays(db, r);
  if (plays.length === 0) throw new ValidationError('There are no plays to export: the game or playlist is empty.');

  const cutInfo = new Map<number, CutInfo>();
  const segments: Segment[] = [];
  for (const play of plays) {
    const game = getGame(db, play.gameId)!;
    if (!fs.existsSync(game.videoPath)) throw new NotFoundError(`The video of ${game.name} is not at ${game.videoPath}: reconnect it (import the game again) before exporting its plays.`);
    let cut = cutInfo.get(game.id);
    if (!cut) cutInfo.set(game.id, (cut = await readCutInfo(game.videoPath, signal)));
    const inS = Math.max(0, play.startS - r.leadS);
    const outS = Math.min(game.durationS, play.endS + r.lagS);
    segments.push({ play, game, inS, outS, cut, onKeyframe: isOnKeyframe(cut.keyframes, inS, game.fps) });
  }

  const first = segments[0]!.game;
  const format: Format = { width: first.width + (first.width % 2), height: first.height + (first.height % 2), fps: first.fps, audio: segments.some((s) => s.cut.hasAudio) };
  const font = r.titles ? findTitleFont() : null;
  const names = typeNames(db);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-export-'));
  // Progress counts plays: each output's plays, one by one (a title card is part of its play).
  const outputs = (r.out ? 1 : 0) + (r.perPlayDir ? 1 : 0);
  const total = outputs * segments.length;
  const eta = new EtaEstimator(total);
  let done = 0;
  const report = (message: string) => onProgress?.({ done, total, fraction: done / total, etaS: done === 0 ? null : eta.update(done), message });
  const playDone = (message: string) => {
    done += 1;
    report(message);
  };
  report(`Exporting ${segments.length} play${segments.length === 1 ? '' : 's'}`);

  const files: ExportedFile[] = [];
  // Every output is written under a temporary name beside its target and renamed only once the whole
  // export has succeeded: a cancelled or failed one removes just its own temporary files, never a
  // file of the same name an earlier export left there.
  const staged = new Map<string, string>();
  const stage = (target: string): string => {
    const temp = tempPathFor(target);
    staged.set(target, temp);
    return temp;
  };
  let createdFolder: string | undefined;
  const span = (s: Segment) => s.outS - s.inS + (r.titles ? TITLE_CARD_S : 0);
  try {
    if (r.out) {
      // One file: video copied only when every cut starts on a keyframe of one and the same video and no card is drawn.
      const copy = !r.titles && segments.every((s) => s.onKeyframe && s.game.id === first.id);
      const pieces: Piece[] = [];
      const budget = new FrameBudget(format.fps);
      for (const [i, s] of segments.entries()) {
        if (r.titles) pieces.push(await cardPiece(s, format, budget.take(TITLE_CARD_S), font, names, path.join(work, `all-${i}-card`), signal));
        pieces.push(await playPiece(s, format, copy, copy ? 0 : budget.take(s.outS - s.inS), path.join(work, `all-${i}`), signal));
        playDone(`Play ${s.play.id} (${i + 1} of ${segments.length})${i + 1 === segments.length ? `: joining into ${path.basename(r.out)}` : ''}`);
      }
      await join(pieces, work, stage(r.out), signal);
      files.push({ path: r.out, playIds: segments.map((s) => s.play.id), expectedDurationS: segments.reduce((sum, s) => sum + span(s), 0), method: copy ? 'copy' : 'encode' });
    }
    if (r.perPlayDir) {
      createdFolder = fs.mkdirSync(r.perPlayDir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      const width = String(segments.length).length;
      for (const [i, s] of segments.entries()) {
        const name = `${String(i + 1).padStart(width, '0')}-play-${s.play.id}-${s.play.playType}.mp4`;
        const target = path.join(r.perPlayDir, name);
        const own: Format = { width: s.game.width + (s.game.width % 2), height: s.game.height + (s.game.height % 2), fps: s.game.fps, audio: s.cut.hasAudio };
        const copy = !r.titles && s.onKeyframe;
        if (r.titles) {
          const budget = new FrameBudget(own.fps);
          const card = await cardPiece(s, own, budget.take(TITLE_CARD_S), font, names, path.join(work, `one-${i}-card`), signal);
          const piece = await playPiece(s, own, false, budget.take(s.outS - s.inS), path.join(work, `one-${i}`), signal);
          await join([card, piece], work, stage(target), signal);
        } else {
          await singlePlay(s, own, copy, stage(target), signal);
        }
        playDone(`Wrote ${name} (${i + 1} of ${segments.length})`);
        files.push({ path: target, playIds: [s.play.id], expectedDurationS: span(s), method: copy ? 'copy' : 'encode' });
      }
    }
    for (const [target, temp] of staged) fs.renameSync(temp, target);
  } catch (error) {
    for (const temp of staged.values()) fs.rmSync(temp, { force: true });
    // The folder goes only if this export made it and nothing else is in it now.
    if (createdFolder !== undefined) removeEmptyFolders(r.perPlayDir!, createdFolder);
    throw error;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { files, plays: segments.length, titleCards: r.titles ? (font ? 'drawtext' : 'blank') : 'none', font };
}
