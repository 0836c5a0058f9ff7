import { ffmpegPath } from './binaries.js';
import { lastLine, runProcess } from './run-process.js';

/** A PNG or JPEG (anything ffmpeg reads) as S×S RGB bytes, resized the way clips are. */
export async function decodeImage(file: string, size: number, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = size * size * 3;
  const result = await runProcess(
    ffmpegPath(),
    ['-v', 'error', '-nostdin', '-i', file, '-frames:v', '1', '-vf', `scale=${size}:${size}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { signal, maxStdoutBytes: bytes },
  );
  if (result.code !== 0 || result.stdout.length !== bytes) {
    throw new Error(`${file}: not an image Film Room can read (${result.code !== 0 ? lastLine(result.stderr) : 'no picture in it'})`);
  }
  return new Uint8Array(result.stdout);
}
