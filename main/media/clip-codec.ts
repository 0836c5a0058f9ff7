import { spawn, spawnSync } from 'node:child_process';
import { ffmpegPath } from './binaries.js';
import { lastLine } from './run-process.js';

/**
 * A clip's T sampled frames stored as a short H.264 video at the clip size: every frame kept in
 * order (no frame dropped, duplicated or re-timed), 4:4:4 chroma so colour edges survive at 224 px,
 * a constant quality (CRF). A 224 px clip of 40 frames takes tens of kilobytes instead of 6 MB raw;
 * the features computed from it stay within the tolerance the clip-format test checks.
 */
export interface ClipShape {
  frames: number;
  size: number;
}

export interface ClipEncoding {
  /** x264's constant rate factor: lower is closer to the frames and larger. */
  crf: number;
  /** x264's speed/size trade-off. */
  preset: 'ultrafast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
}

/** Measured on synthetic film at 224 px (README, "Season scale"): block5 features' mean cosine ≥ 0.999. */
export const DEFAULT_CLIP_ENCODING: ClipEncoding = { crf: 20, preset: 'medium' };

export class ClipCodecError extends Error {
  override readonly name = 'ClipCodecError';
}

function encodeArgs(shape: ClipShape, encoding: ClipEncoding): string[] {
  return [
    '-v', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${shape.size}x${shape.size}`, '-r', '25', '-i', 'pipe:0',
    '-an', '-c:v', 'libx264', '-preset', encoding.preset, '-crf', String(encoding.crf), '-pix_fmt', 'yuv444p',
    // One thread: clips are encoded by several import workers at once, each a small job.
    // A pipe cannot be seeked back to write the index at the end: a fragmented MP4 streams instead.
    '-threads', '1', '-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4', 'pipe:1',
  ];
}

/** Encodes T×S×S×3 RGB bytes to an MP4 (H.264) held in memory. */
export function encodeClip(rgb: Uint8Array, shape: ClipShape, encoding: ClipEncoding = DEFAULT_CLIP_ENCODING): Promise<Buffer> {
  const expected = shape.frames * shape.size * shape.size * 3;
  if (rgb.length !== expected) return Promise.reject(new ClipCodecError(`a clip of ${shape.frames} × ${shape.size}² RGB frames has ${expected} bytes, not ${rgb.length}`));
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), encodeArgs(shape, encoding), { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // a dying encoder reports through its exit code
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new ClipCodecError(`ffmpeg could not encode the clip: ${lastLine(stderr)}`));
    });
    child.stdin.end(rgb);
  });
}

const decodeArgs = (input: string) => ['-v', 'error', '-nostdin', '-i', input, '-an', '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];

/** Decodes a stored clip file back to T×S×S×3 RGB bytes. */
export function decodeClipFile(file: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), decodeArgs(file), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(chunks)));
      else reject(new ClipCodecError(`ffmpeg could not decode the clip ${file}: ${lastLine(stderr)}`));
    });
  });
}

/** The same, blocking: for the few synchronous readers. */
export function decodeClipFileSync(file: string): Uint8Array {
  const result = spawnSync(ffmpegPath(), decodeArgs(file), { maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new ClipCodecError(`ffmpeg could not decode the clip ${file}: ${lastLine(result.stderr?.toString('utf8') ?? '')}`);
  return new Uint8Array(result.stdout);
}
