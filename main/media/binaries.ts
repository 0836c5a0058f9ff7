import { createRequire } from 'node:module';
import path from 'node:path';

// ffmpeg and ffprobe ship inside npm packages (one per platform), so nothing is fetched at run time.
const require = createRequire(import.meta.url);

export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FILMROOM_FFMPEG ?? unpackedPath((require('@ffmpeg-installer/ffmpeg') as { path: string }).path);
}

export function ffprobePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FILMROOM_FFPROBE ?? unpackedPath((require('@ffprobe-installer/ffprobe') as { path: string }).path);
}

/**
 * In a packaged app the installers report a path inside app.asar, which the OS cannot execute;
 * electron-builder.yml unpacks them to app.asar.unpacked beside it.
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * A file as ffmpeg's and ffprobe's input: an absolute path behind the `file:` protocol, so a name
 * starting with "-" is never read as an option, and one like "concat:a|b" or "http:x" never opens
 * anything but the file itself.
 */
export function mediaInput(file: string): string {
  return `file:${path.resolve(file)}`;
}
