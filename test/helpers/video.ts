import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../../main/media/binaries.js';

/**
 * A real H.264 video whose frame k is a flat colour that encodes k: luma steps with k % 50, blue
 * chroma with floor(k / 50). Any frame's index can then be read back from its pixels.
 */
export function writeCountingVideo(file: string, options: { seconds: number; fps: number; size?: string; gop?: number }): void {
  const size = options.size ?? '96x64';
  execFileSync(ffmpegPath(), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=black:s=${size}:r=${options.fps}:d=${options.seconds}`,
    '-vf', "geq=lum='16+4*mod(N\\,50)':cb='16+16*floor(N/50)':cr=128",
    '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', '-g', String(options.gop ?? options.fps * 2),
    file,
  ]);
}

/** Every frame of a video, decoded in order from the start: the slow, obvious reference. */
export function decodeAllFrames(file: string, size: number): Buffer[] {
  const raw = execFileSync(ffmpegPath(), ['-v', 'error', '-i', file, '-vf', `scale=${size}:${size}:flags=area`, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 30 });
  const frameBytes = size * size * 3;
  return Array.from({ length: raw.length / frameBytes }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));
}

const COUNTING_FILTER = "geq=lum='16+4*mod(N\\,50)':cb='16+16*floor(N/50)':cr=128";

/**
 * A variable-frame-rate counting video: frames 0–99 at 25 fps (0 to 4 s), then frames 100… at
 * 50 fps (from 4 s on), as phones and screen recorders write. Frame k starts at `vfrFrameTime(k)`.
 */
export function writeVfrCountingVideo(file: string, options: { seconds: number; gop?: number }): void {
  const frames = 100 + (options.seconds - 4) * 50;
  execFileSync(ffmpegPath(), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=black:s=96x64:r=50:d=${frames / 50}`,
    '-vf', `${COUNTING_FILTER},settb=1/1000,setpts='if(lt(N\\,100)\\,N*40\\,4000+(N-100)*20)'`,
    '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', '-g', String(options.gop ?? 50),
    '-vsync', '0', '-enc_time_base', '1/1000',
    file,
  ]);
}

export function vfrFrameTime(k: number): number {
  return k < 100 ? k / 25 : 4 + (k - 100) / 50;
}

/** Runs ffmpeg (or ffprobe, with `probe`) and returns stdout. */
export function ffmpeg(args: readonly string[]): Buffer {
  return execFileSync(ffmpegPath(), ['-v', 'error', '-y', ...args], { maxBuffer: 1 << 30 });
}

/**
 * The by-time reference: the frame ffmpeg gives for `-ss t` (seeking the input, decoding exactly,
 * rotation applied as ffmpeg always does), resized like clips.
 */
export function frameAtTime(file: string, t: number, size: number, extraInput: readonly string[] = []): Buffer {
  return ffmpeg([...extraInput, '-ss', t.toFixed(6), '-i', file, '-frames:v', '1', '-vf', `scale=${size}:${size}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
}

/** Which of the reference frames a decoded frame is (exact match), or -1. */
export function indexOfFrame(reference: readonly Buffer[], frame: Uint8Array): number {
  const wanted = Buffer.from(frame);
  return reference.findIndex((r) => r.equals(wanted));
}
