import { ffprobePath, mediaInput } from './binaries.js';
import { lastLine, runProcess } from './run-process.js';

export interface CutInfo {
  /** Presentation times of the video's keyframes, ascending: where a stream copy can start cleanly. */
  keyframes: number[];
  hasAudio: boolean;
}

/**
 * Where a video may be cut without re-encoding, read from packet flags (no decoding), and whether
 * it carries sound. A video whose keyframes ffprobe cannot list gets none: every cut re-encodes.
 */
export async function readCutInfo(file: string, signal?: AbortSignal): Promise<CutInfo> {
  const packets = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', mediaInput(file)],
    signal ? { signal } : {},
  );
  if (packets.code !== 0) throw new Error(`ffprobe could not list the packets of ${file}: ${lastLine(packets.stderr)}`);
  const keyframes = packets.stdout
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim().split(','))
    .filter(([time, flags]) => time !== undefined && time !== 'N/A' && flags?.includes('K'))
    .map(([time]) => Number(time))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const streams = await runProcess(ffprobePath(), ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=index', '-of', 'csv=p=0', mediaInput(file)], signal ? { signal } : {});
  return { keyframes, hasAudio: streams.code === 0 && streams.stdout.toString('utf8').trim().length > 0 };
}

/** Whether a cut at `time` falls on a keyframe (within half a frame). */
export function isOnKeyframe(keyframes: readonly number[], time: number, fps: number): boolean {
  const slack = 0.5 / fps;
  let lo = 0;
  let hi = keyframes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid]! < time - slack) lo = mid + 1;
    else hi = mid;
  }
  return lo < keyframes.length && Math.abs(keyframes[lo]! - time) <= slack;
}
