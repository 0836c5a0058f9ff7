import { createRequire } from 'node:module';

// ffmpeg and ffprobe ship inside npm packages (one per platform), so nothing is fetched at run time.
const require = createRequire(import.meta.url);

export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FILMROOM_FFMPEG ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

export function ffprobePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FILMROOM_FFPROBE ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}
