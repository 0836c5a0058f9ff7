import { z } from 'zod';
import { ffmpegPath, ffprobePath, mediaInput } from './binaries.js';
import { frameShownAt, sampleInstants, timePlan } from './frame-times.js';
import type { VideoInfo } from './probe.js';
import { runProcess } from './run-process.js';

export interface ClipRequest {
  file: string;
  /** `startS`, when known, saves a second look at the file for a container whose clock does not start at 0. */
  video: Pick<VideoInfo, 'fps' | 'durationS'> & Partial<Pick<VideoInfo, 'startS'>>;
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
/** Two frames are never closer than this (2 ms at 480 fps); times within it are the same frame. */
const SAME_FRAME_S = 0.0005;

/**
 * Samples a play as T frames by presentation time, in two steps that each read only the play's
 * stretch of the file: ffprobe lists the video's frame times around the play (demuxing, no
 * decoding), which says which frames are on screen at the T instants; one ffmpeg run then decodes
 * from the keyframe before the first of them, keeps exactly those (by time), logs the time of
 * each it passes on, resizes them to S×S, and stops after the last. Returns T×S×S×3 RGB bytes.
 */
export async function sampleClip(request: ClipRequest, signal?: AbortSignal): Promise<{ rgb: Uint8Array; timings: DecodeTimings }> {
  const began = performance.now();
  const { times, startS: clockStart } = await frameTimesAround(request, signal);
  const instants = sampleInstants(request.startS, request.endS, request.frames).map((t) => t + clockStart);
  const plan = timePlan(instants, times);
  if (plan.needed.length === 0) throw new ClipDecodeError(`the video has no frames between ${request.startS} s and ${request.endS} s`);

  const decoded = await decodeFramesAt(request, plan.needed, clockStart, signal);
  const decodeMs = performance.now() - began;

  const assembled = performance.now();
  const frameBytes = request.size * request.size * 3;
  const rgb = new Uint8Array(frameBytes * request.frames);
  for (const [slot, neededSlot] of plan.slots.entries()) {
    const wanted = plan.needed[neededSlot]!;
    const got = decodedFrameFor(decoded.times, wanted);
    if (got < 0) {
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

const PacketList = z.object({
  packets: z.array(z.object({ pts_time: z.string().optional(), dts_time: z.string().optional(), flags: z.string().optional() })).default([]),
  format: z.object({ start_time: z.string().optional() }).optional(),
});

/** The presentation times (seconds, container clock, ascending) of the video frames around the play. */
async function frameTimesAround(request: ClipRequest, signal?: AbortSignal): Promise<{ times: number[]; startS: number }> {
  const list = async (clockStart: number) => {
    const from = Math.max(0, clockStart + request.startS - LOOKUP_MARGIN_S);
    const to = clockStart + request.endS + LOOKUP_MARGIN_S;
    const result = await runProcess(
      ffprobePath(),
      [
        '-v', 'error', '-select_streams', 'v:0', '-read_intervals', `${from.toFixed(6)}%${to.toFixed(6)}`,
        '-show_entries', 'packet=pts_time,dts_time,flags:format=start_time', '-print_format', 'json', '-i', mediaInput(request.file),
      ],
      { signal, maxStdoutBytes: 256 * 1024 * 1024 },
    );
    if (result.code !== 0) throw new ClipDecodeError(`ffprobe could not read the play's frames: ${errorLine(result.stderr)}`);
    const parsed = PacketList.parse(JSON.parse(result.stdout.toString('utf8')));
    const start = Number(parsed.format?.start_time);
    const times = parsed.packets
      // A packet flagged D (an MP4 edit list cuts it) is decoded for its references, never shown.
      .filter((p) => !p.flags?.includes('D'))
      .map((p) => Number(p.pts_time ?? p.dts_time))
      .filter((t) => Number.isFinite(t));
    return { times: [...new Set(times)].sort((a, b) => a - b), startS: Number.isFinite(start) ? start : 0 };
  };
  const assumed = request.video.startS ?? 0;
  const first = await list(assumed);
  // A container whose clock does not start where it was assumed to (MPEG-TS, a recorder's
  // timecode): look again, around the play on that clock.
  return Math.abs(first.startS - assumed) < 0.5 ? first : list(first.startS);
}

/** Decodes the frames at `needed` (container clock), with the time of each frame it gives. */
async function decodeFramesAt(request: ClipRequest, needed: readonly number[], clockStart: number, signal?: AbortSignal): Promise<{ bytes: Buffer; times: number[] }> {
  const frameBytes = request.size * request.size * 3;
  const first = needed[0]!;
  const last = needed[needed.length - 1]!;
  const select = needed.map((t) => `between(t\\,${(t - SAME_FRAME_S).toFixed(6)}\\,${(t + SAME_FRAME_S).toFixed(6)})`).join('+');
  // -ss is on the movie's clock (ffmpeg adds the container's start); a second early, in case the
  // demuxer's seek lands late. -noaccurate_seek: every decoded frame reaches select, which keeps
  // the needed ones by their own times (-copyts keeps those on the container's clock); trim ends
  // the stream after the last one, so ffmpeg stops reading there.
  const seekS = Math.max(0, first - clockStart - 1);
  const result = await runProcess(
    ffmpegPath(),
    [
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info',
      '-copyts', '-noaccurate_seek', '-ss', seekS.toFixed(6), '-i', mediaInput(request.file),
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', `trim=end=${(last + 0.01).toFixed(6)},select='${select}',showinfo,scale=${request.size}:${request.size}:flags=area`,
      '-vsync', '0',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    { signal, maxStdoutBytes: frameBytes * (needed.length + 1), stderrTailChars: 512 * 1024 },
  );
  if (result.code !== 0) throw new ClipDecodeError(`ffmpeg could not decode the play: ${errorLine(result.stderr)}`);
  const times = [...result.stderr.matchAll(/\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+(?:e-?\d+)?)/g)].map((m) => Number(m[1]));
  const count = Math.floor(result.stdout.length / frameBytes);
  if (count === 0 || times.length !== count) {
    throw new ClipDecodeError(`only ${count} of the play's ${needed.length} frames could be decoded: the video may be truncated or damaged`);
  }
  return { bytes: result.stdout, times };
}

/** The last error ffmpeg or ffprobe printed, without its level tag, for a message a person can read. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => !l.includes('[info]') && !l.includes('[verbose]') && !l.includes('[warning]'));
  return (errors.at(-1) ?? lines.at(-1) ?? 'no details').replace(/\[(error|fatal|panic)\] /, '');
}
