import { ffmpegPath } from './binaries.js';
import { framePlan } from './frame-times.js';
import { lastLine, runProcess } from './run-process.js';
import type { VideoInfo } from './probe.js';

export interface ClipRequest {
  file: string;
  video: Pick<VideoInfo, 'fps' | 'durationS'>;
  startS: number;
  endS: number;
  /** T: frames per clip (40 by default). */
  frames: number;
  /** S: frames are resized to S×S (the whole picture, squeezed: no part of the court is cropped away). */
  size: number;
}

export interface DecodeTimings {
  decodeMs: number;
  assembleMs: number;
}

export class ClipDecodeError extends Error {
  override readonly name = 'ClipDecodeError';
}

/**
 * Decodes exactly the frames a play needs in one ffmpeg run: seek to just before the first one
 * (frame-accurate: ffmpeg decodes from the keyframe and drops what precedes the seek point), select
 * the needed frame numbers, resize them to S×S, and return T×S×S×3 RGB bytes in play order.
 */
export async function sampleClip(request: ClipRequest, signal?: AbortSignal): Promise<{ rgb: Uint8Array; timings: DecodeTimings }> {
  const { fps, durationS } = request.video;
  const lastFrame = Math.max(0, Math.ceil(durationS * fps) - 1);
  const plan = framePlan(request.startS, request.endS, request.frames, fps, lastFrame);
  const first = plan.unique[0]!;
  // Half a frame early, so timestamp rounding can never drop the first frame we need.
  // After the seek, the first frame out of the decoder (n = 0) is frame `first`.
  const seekS = Math.max(0, (first - 0.5) / fps);
  const select = plan.unique.map((index) => `eq(n\\,${index - first})`).join('+');
  const frameBytes = request.size * request.size * 3;

  const began = performance.now();
  const result = await runProcess(
    ffmpegPath(),
    [
      '-v', 'error', '-nostdin',
      '-ss', seekS.toFixed(6), '-i', request.file,
      '-an', '-sn',
      '-vf', `select='${select}',scale=${request.size}:${request.size}:flags=area`,
      '-vsync', '0',
      '-frames:v', String(plan.unique.length),
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    { signal, maxStdoutBytes: frameBytes * plan.unique.length },
  );
  const decodeMs = performance.now() - began;
  if (result.code !== 0) throw new ClipDecodeError(`ffmpeg could not decode the play: ${lastLine(result.stderr)}`);
  const got = Math.floor(result.stdout.length / frameBytes);
  if (got < plan.unique.length) {
    throw new ClipDecodeError(`only ${got} of the play's ${plan.unique.length} frames could be decoded: the video may be truncated or damaged`);
  }

  const assembled = performance.now();
  const rgb = new Uint8Array(frameBytes * request.frames);
  plan.slots.forEach((slot, i) => rgb.set(result.stdout.subarray(slot * frameBytes, (slot + 1) * frameBytes), i * frameBytes));
  return { rgb, timings: { decodeMs, assembleMs: performance.now() - assembled } };
}
