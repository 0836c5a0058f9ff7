import { ffmpegPath, mediaInput } from './binaries.js';
import { frameShownAt, sampleInstants, timePlan } from './frame-times.js';
import { probeVideo, type VideoInfo } from './probe.js';
import { runProcess } from './run-process.js';

export interface ClipRequest {
  file: string;
  /**
   * `startS` (the container's clock at the movie's start) is probed when not given; `frames`, the
   * video's frame times listed once (see listFrameTimes), saves listing them for every play.
   */
  video: Pick<VideoInfo, 'fps' | 'durationS'> & Partial<Pick<VideoInfo, 'startS'>> & { frames?: FrameTimes };
  startS: number;
  endS: number;
  /** T: frames per clip (40 by default). */
  frames: number;
  /**
   * S: frames are resized to S×S: the whole picture as shown (upright: ffmpeg applies the
   * rotation metadata), squeezed, so no part of the court is cropped away. Non-square pixels need
   * nothing more: the whole stored picture and the whole shown picture squeeze to the same square.
   */
  size: number;
}

export interface DecodeTimings {
  decodeMs: number;
  assembleMs: number;
}

export class ClipDecodeError extends Error {
  override readonly name = 'ClipDecodeError';
}

/** Frame times are looked up this far around the play: B-frames arrive out of order. */
const LOOKUP_MARGIN_S = 2;
/** The decode seeks this much before the keyframe it needs, for timestamps rounded on the way. */
const SEEK_EARLY_S = 0.001;
/** …and this much when a seek landed late, or the frames must be found by decoding them all. */
const LATE_SEEK_RETRY_S = 10;
/** Two frames are never closer than this (2 ms at 480 fps); times within it are the same frame. */
const SAME_FRAME_S = 0.0005;

/**
 * Samples a play as T frames by presentation time, in two steps that each read only the play's
 * stretch of the file: ffmpeg lists the video's frame times around the play (copying packets, no
 * decoding), which says which frames are on screen at the T instants; a second ffmpeg run decodes
 * from the keyframe before the first of them, keeps exactly those (by time), logs the time of
 * each it passes on, resizes them to S×S, and stops after the last. Returns T×S×S×3 RGB bytes.
 */
export async function sampleClip(request: ClipRequest, signal?: AbortSignal): Promise<{ rgb: Uint8Array; timings: DecodeTimings }> {
  const began = performance.now();
  // Annotation time 0 is the movie's start; frame times are on the container's clock.
  const clockStart = request.video.startS ?? (await probeVideo(request.file, signal)).startS;
  const { times, keyframes } = await frameTimesAround(request, clockStart, signal);
  const instants = sampleInstants(request.startS, request.endS, request.frames).map((t) => t + clockStart);
  const plan = timePlan(instants, times);
  if (plan.needed.length === 0) throw new ClipDecodeError(`the video has no frames between ${request.startS} s and ${request.endS} s`);

  const frameBytes = request.size * request.size * 3;
  // Decode from the keyframe the first needed frame depends on: ffmpeg seeks there exactly in
  // indexed files (MP4, MKV), and lands on a keyframe boundary in the others.
  const keyframe = keyframes[frameShownAt(keyframes, plan.needed[0]!)] ?? plan.needed[0]!;
  let decoded = await decodeFramesAt(request, plan.needed, clockStart, Math.max(0, plan.needed[0]! - keyframe) + SEEK_EARLY_S, signal);
  let picks = plan.slots.map((neededSlot) => decodedFrameFor(decoded.times, plan.needed[neededSlot]!));
  if (picks.includes(-1) && !(decoded.times[0]! <= plan.needed[0]!)) {
    // The seek landed after the first frame needed (MPEG-TS has no index to seek by): again, earlier.
    decoded = await decodeFramesAt(request, plan.needed, clockStart, LATE_SEEK_RETRY_S, signal);
    picks = plan.slots.map((neededSlot) => decodedFrameFor(decoded.times, plan.needed[neededSlot]!));
  }
  if (picks.includes(-1)) {
    // The decoder stamps some frames differently from their packets (seen with Ogg Theora and
    // MXF): decode every frame of the stretch instead, and pick by the decoder's own times.
    decoded = await decodeFramesAt(request, null, clockStart, LATE_SEEK_RETRY_S, signal, [plan.needed[0]!, plan.needed.at(-1)!]);
    picks = instants.map((t) => frameShownAt(decoded.times, t));
  }
  const decodeMs = performance.now() - began;

  const assembled = performance.now();
  const rgb = new Uint8Array(frameBytes * request.frames);
  for (const [slot, got] of picks.entries()) {
    if (got < 0) {
      const wanted = plan.needed[plan.slots[slot]!]!;
      throw new ClipDecodeError(`the frame at ${(wanted - clockStart).toFixed(3)} s could not be decoded (${decoded.times.length} of the play's ${plan.needed.length} frames were): the video may be damaged there`);
    }
    rgb.set(decoded.bytes.subarray(got * frameBytes, (got + 1) * frameBytes), slot * frameBytes);
  }
  return { rgb, timings: { decodeMs, assembleMs: performance.now() - assembled } };
}

/**
 * The decoded frame that stands for the frame at `wanted`: that frame itself, or, when `wanted`
 * precedes every frame the decoder gave (a stream that starts without a keyframe: what comes
 * before its first keyframe cannot be shown), the first picture there is. -1 when it is missing.
 */
function decodedFrameFor(times: readonly number[], wanted: number): number {
  const at = frameShownAt(times, wanted);
  if (at < 0) return -1;
  if (Math.abs(times[at]! - wanted) <= SAME_FRAME_S) return at;
  return wanted < times[0]! ? 0 : -1;
}

/** ffmpeg's framecrc line for a packet: stream, dts, pts, duration, size, checksum[, F=flags]. */
const PACKET_LINE = /^0,\s*(-?\d+),\s*(-?\d+),\s*-?\d+,\s*\d+,\s*0x[0-9a-fA-F]+(?:,\s*F=0x([0-9a-fA-F]+))?/gm;
const NO_TIMESTAMP = '-9223372036854775808';
/** AV_PKT_FLAG_KEY: decoding can start at this packet. */
const KEY_FLAG = 0x1;
/** AV_PKT_FLAG_DISCARD: an MP4 edit list cuts the frame; it is decoded for its references, never shown. */
const DISCARD_FLAG = 0x4;

/** A video's frame times (seconds on the container's clock, ascending), and its keyframes' times. */
export interface FrameTimes {
  times: number[];
  keyframes: number[];
}

/**
 * The frame times of a video, read by ffmpeg itself (the binary that decodes the frames, so both
 * see the same times) from the packets it copies without decoding: the whole file, or `durationS`
 * from `fromS` on the movie's clock. Frames an MP4 edit list cuts are left out (they are decoded
 * for their references, never shown).
 */
export async function listFrameTimes(file: string, span: { fromS: number; durationS: number } | null, signal?: AbortSignal): Promise<FrameTimes> {
  const result = await runProcess(
    ffmpegPath(),
    [
      '-v', 'error', '-nostdin', '-copyts',
      ...(span && span.fromS > 0 ? ['-ss', span.fromS.toFixed(6)] : []), ...(span ? ['-t', span.durationS.toFixed(6)] : []),
      '-i', mediaInput(file), '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', 'pipe:1',
    ],
    { signal, maxStdoutBytes: 1024 * 1024 * 1024 },
  );
  if (result.code !== 0) throw new ClipDecodeError(`ffmpeg could not read the video's frames: ${errorLine(result.stderr)}`);
  const text = result.stdout.toString('utf8');
  const base = /^#tb 0: (\d+)\/(\d+)/m.exec(text);
  if (!base) return { times: [], keyframes: [] };
  const tick = Number(base[1]) / Number(base[2]);
  const times: number[] = [];
  const keyframes: number[] = [];
  for (const [, dts, pts, flags] of text.matchAll(PACKET_LINE)) {
    const stamp = pts !== NO_TIMESTAMP ? pts : dts;
    if (stamp === NO_TIMESTAMP) continue;
    // framecrc prints the flags only when they are not just "keyframe".
    const bits = flags ? parseInt(flags, 16) : KEY_FLAG;
    if ((bits & KEY_FLAG) !== 0) keyframes.push(Number(stamp) * tick);
    if ((bits & DISCARD_FLAG) === 0) times.push(Number(stamp) * tick);
  }
  return { times: [...new Set(times)].sort((x, y) => x - y), keyframes: keyframes.sort((x, y) => x - y) };
}

/**
 * The frame times around the play: from the whole-video list when the caller has one (an import
 * lists each video once), else listed for the play alone. A frame on screen since before the
 * margin (a long still in a screen capture) is found by reading from the start.
 */
async function frameTimesAround(request: ClipRequest, clockStart: number, signal?: AbortSignal): Promise<FrameTimes> {
  const first = clockStart + request.startS;
  const last = clockStart + request.endS;
  const known = request.video.frames;
  if (known && known.times.length > 0) {
    const from = Math.max(0, frameShownAt(known.times, first) - 1);
    const to = frameShownAt(known.times, last) + 2;
    const keyFrom = Math.max(0, frameShownAt(known.keyframes, first) - 1);
    return { times: known.times.slice(from, to), keyframes: known.keyframes.slice(keyFrom, frameShownAt(known.keyframes, last) + 2) };
  }
  const fromS = Math.max(0, request.startS - LOOKUP_MARGIN_S);
  const listed = await listFrameTimes(request.file, { fromS, durationS: request.endS + LOOKUP_MARGIN_S - fromS }, signal);
  return fromS > 0 && !(listed.times[0]! <= first) ? listFrameTimes(request.file, { fromS: 0, durationS: request.endS + LOOKUP_MARGIN_S }, signal) : listed;
}

/**
 * Decodes the frames at `needed` (container clock), or with null every frame in `span`, with the
 * time of each frame it gives.
 */
async function decodeFramesAt(
  request: ClipRequest, needed: readonly number[] | null, clockStart: number, earlyS: number, signal?: AbortSignal, span?: readonly [number, number],
): Promise<{ bytes: Buffer; times: number[] }> {
  const frameBytes = request.size * request.size * 3;
  const [first, last] = needed ? [needed[0]!, needed[needed.length - 1]!] : span!;
  const select = needed
    ? `select='${needed.map((t) => `between(t\\,${(t - SAME_FRAME_S).toFixed(6)}\\,${(t + SAME_FRAME_S).toFixed(6)})`).join('+')}',`
    : '';
  // Every frame of the stretch, with room for the seek's margin and a keyframe interval before it.
  const most = needed ? needed.length + 1 : Math.ceil((last - first + earlyS + 12) * request.video.fps * 2) + 8;
  // -ss is on the movie's clock (ffmpeg adds the container's start). -noaccurate_seek: every decoded frame reaches select, which keeps
  // the needed ones by their own times (-copyts keeps those on the container's clock); trim ends
  // the stream after the last one, so ffmpeg stops reading there.
  const seekS = Math.max(0, first - clockStart - earlyS);
  const result = await runProcess(
    ffmpegPath(),
    [
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info',
      '-copyts', '-noaccurate_seek', '-ss', seekS.toFixed(6), '-i', mediaInput(request.file),
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', `trim=end=${(last + 0.01).toFixed(6)},${select}showinfo,scale=${request.size}:${request.size}:flags=area`,
      '-vsync', '0',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    { signal, maxStdoutBytes: frameBytes * most, stderrTailChars: 1024 * most },
  );
  if (result.code !== 0) throw new ClipDecodeError(`ffmpeg could not decode the play: ${errorLine(result.stderr)}`);
  // showinfo prints each frame's pts in its time base (pts_time is rounded to 6 digits: too coarse
  // an hour into a game).
  const base = /config in time_base: (\d+)\/(\d+)/.exec(result.stderr);
  const tick = base ? Number(base[1]) / Number(base[2]) : NaN;
  const times = [...result.stderr.matchAll(/\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:/g)].map((m) => Number(m[1]) * tick);
  const count = Math.floor(result.stdout.length / frameBytes);
  if (count === 0 || times.length !== count || !Number.isFinite(tick)) {
    throw new ClipDecodeError(`only ${count} of the play's ${needed?.length ?? 'needed'} frames could be decoded: the video may be truncated or damaged`);
  }
  return { bytes: result.stdout, times };
}

/** The last error ffmpeg or ffprobe printed, without its level tag, for a message a person can read. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => !l.includes('[info]') && !l.includes('[verbose]') && !l.includes('[warning]'));
  return (errors.at(-1) ?? lines.at(-1) ?? 'no details').replace(/\[(error|fatal|panic)\] /, '');
}
