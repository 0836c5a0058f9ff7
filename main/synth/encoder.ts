/**
 * RGB frames, converted to I420 here (yuv.ts), piped into ffmpeg's libx264 and written as a real
 * H.264 MP4. What keeps the output byte-identical for the same frames: our own colour conversion
 * (no swscale), one encoder thread (x264's output depends on its thread count, which would
 * otherwise follow the machine's cores), bitexact muxing and no metadata (no encoder version
 * string, no creation time).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CancelledError } from '../../shared/errors.js';
import { ffmpegPath } from '../media/binaries.js';
import { i420Size, rgbToI420 } from './yuv.js';

/** Frames queued for ffmpeg before `write` waits for it to catch up. */
const AHEAD_FRAMES = 6;

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

export interface EncoderOptions {
  file: string;
  width: number;
  height: number;
  fps: number;
  signal?: AbortSignal;
  /** The ffmpeg binary; default the bundled one (or FILMROOM_FFMPEG). */
  ffmpeg?: string;
}

export interface VideoEncoder {
  /** Queues one RGB24 frame (width × height × 3 bytes); resolves when ffmpeg is ready for more. */
  write(frame: Uint8Array): Promise<void>;
  /** Closes the input and waits for the file to be complete. */
  finish(): Promise<void>;
  /** Stops ffmpeg (if still running) and removes the partial file: for when rendering failed. */
  abort(): Promise<void>;
}

export function x264Args(options: Pick<EncoderOptions, 'width' | 'height' | 'fps'>, output: string): string[] {
  const { width, height, fps } = options;
  return [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0',
    '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-g', String(2 * fps), '-threads', '1',
    // Say what the frames are (yuv.ts: BT.601, limited range), so no player has to guess.
    '-color_range', 'tv', '-colorspace', 'smpte170m', '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m',
    '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-movflags', '+faststart',
    '-f', 'mp4', output,
  ];
}

/**
 * Starts ffmpeg writing to `file` (through `file.part`, renamed at the end, so a failed or
 * cancelled render never leaves a truncated video under the real name).
 */
export function openEncoder(options: EncoderOptions): VideoEncoder {
  const { file, width, height, signal } = options;
  const frameBytes = width * height * 3;
  i420Size(width, height); // throws for odd sizes before ffmpeg is started
  const part = `${file}.part`;
  const child = spawn(options.ffmpeg ?? ffmpegPath(), x264Args(options, part), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  // EPIPE when ffmpeg dies early: the exit code and stderr say why, so this only stops the writing.
  child.stdin.on('error', () => {});
  let spawnError: Error | null = null;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  let done = false;
  const inFlight: Promise<boolean>[] = [];
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });

  const failure = async (): Promise<Error> => {
    const code = await exited;
    signal?.removeEventListener('abort', onAbort);
    fs.rmSync(part, { force: true });
    if (signal?.aborted) return new CancelledError('The synthetic season was cancelled.');
    if (spawnError) return new EncodeError(`cannot start ffmpeg (${(spawnError as Error).message})`);
    const tail = stderr.trim().split('\n').slice(-5).join('\n') || 'no details';
    return new EncodeError(`ffmpeg failed to encode ${file} (exit code ${code}):\n${tail}`);
  };

  return {
    async write(frame) {
      if (frame.length !== frameBytes) throw new RangeError(`a frame must be ${width}×${height}×3 = ${frameBytes} bytes, got ${frame.length}`);
      if (done || signal?.aborted || child.exitCode !== null || child.signalCode !== null || spawnError || child.stdin.destroyed) {
        child.stdin.destroy();
        throw await failure();
      }
      // A fresh buffer per frame: the stream keeps it until flushed, and the caller reuses its own.
      const yuv = rgbToI420(frame, width, height, Buffer.allocUnsafe(i420Size(width, height)));
      inFlight.push(new Promise<boolean>((resolve) => child.stdin.write(yuv, (error) => resolve(!error))));
      // Backpressure as a sliding window: wait for the frame AHEAD_FRAMES back to reach the pipe.
      // ('drain' only fires once everything queued is flushed, and a frame is bigger than the
      // pipe, so ffmpeg would sit idle while this thread draws the next frames.)
      // Frames are drawn on this thread, and queued bytes only move to ffmpeg when the event loop
      // polls: let it poll after every frame, or ffmpeg starves while the next frames are drawn.
      await yieldToEventLoop();
      if (inFlight.length <= AHEAD_FRAMES) return;
      const flushed = await Promise.race([inFlight.shift()!, exited.then(() => false)]);
      if (!flushed) throw await failure();
    },
    async finish() {
      done = true;
      child.stdin.end();
      const code = await exited;
      signal?.removeEventListener('abort', onAbort);
      if (code !== 0 || signal?.aborted) throw await failure();
      fs.renameSync(part, file);
    },
    async abort() {
      done = true;
      if (child.exitCode === null && !spawnError) child.kill('SIGKILL');
      await exited;
      signal?.removeEventListener('abort', onAbort);
      fs.rmSync(part, { force: true });
    },
  };
}
