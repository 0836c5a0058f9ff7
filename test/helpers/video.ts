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
