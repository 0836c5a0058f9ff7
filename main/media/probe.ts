import { z } from 'zod';
import { ffprobePath } from './binaries.js';
import { lastLine, runProcess } from './run-process.js';

export interface VideoInfo {
  durationS: number;
  fps: number;
  width: number;
  height: number;
  codec: string;
  container: string;
}

/** A video ffprobe cannot read, or one without a usable video stream. */
export class UnreadableVideoError extends Error {
  override readonly name = 'UnreadableVideoError';
}

const ProbeOutput = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        duration: z.string().optional(),
        nb_frames: z.string().optional(),
      }),
    )
    .default([]),
  format: z.object({ duration: z.string().optional(), format_name: z.string().optional() }).optional(),
});

function rate(text: string | undefined): number {
  if (!text) return NaN;
  const [num, den] = text.split('/').map(Number);
  return den ? num! / den : Number(num);
}

/** Duration, frame rate, frame size and codec of the first video stream, by ffprobe. */
export async function probeVideo(file: string, signal?: AbortSignal): Promise<VideoInfo> {
  const result = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-select_streams', 'v:0', file],
    { signal, maxStdoutBytes: 1024 * 1024 },
  );
  if (result.code !== 0) throw new UnreadableVideoError(`ffprobe cannot read it: ${lastLine(result.stderr)}`);
  let parsed;
  try {
    parsed = ProbeOutput.parse(JSON.parse(result.stdout.toString('utf8')));
  } catch {
    throw new UnreadableVideoError('ffprobe gave no usable description of it');
  }
  const stream = parsed.streams.find((s) => s.codec_type === 'video');
  if (!stream || !stream.width || !stream.height) throw new UnreadableVideoError('it has no video stream');
  const fps = [rate(stream.avg_frame_rate), rate(stream.r_frame_rate)].find((r) => Number.isFinite(r) && r > 0 && r <= 480);
  if (!fps) throw new UnreadableVideoError('its frame rate is unknown');
  const durationS = [Number(parsed.format?.duration), Number(stream.duration)].find((d) => Number.isFinite(d) && d > 0);
  if (!durationS) throw new UnreadableVideoError('it is empty (no duration)');
  return { durationS, fps, width: stream.width, height: stream.height, codec: stream.codec_name ?? 'unknown', container: parsed.format?.format_name ?? 'unknown' };
}
