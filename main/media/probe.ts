import { z } from 'zod';
import { ffprobePath, mediaInput } from './binaries.js';
import { describeWithFfmpeg } from './probe-with-ffmpeg.js';
import { lastLine, runProcess } from './run-process.js';

export interface VideoInfo {
  durationS: number;
  /** The average frame rate (a variable-frame-rate video's frames are sampled by their times). */
  fps: number;
  /** The picture as it is shown: rotation and non-square pixels applied. */
  width: number;
  height: number;
  codec: string;
  container: string;
  /** Degrees the stored picture is turned to be shown (0, 90, 180, 270), counter-clockwise. */
  rotation: number;
  /** The picture as stored, before rotation and pixel aspect. */
  codedWidth: number;
  codedHeight: number;
  /** When the movie starts on the container's clock: annotation time 0 is this instant. */
  startS: number;
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
        sample_aspect_ratio: z.string().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        duration: z.string().optional(),
        start_time: z.string().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
        tags: z.record(z.string(), z.string()).optional(),
        side_data_list: z.array(z.object({ rotation: z.number().optional() }).loose()).optional(),
      }),
    )
    .default([]),
  format: z.object({ duration: z.string().optional(), format_name: z.string().optional(), start_time: z.string().optional() }).optional(),
});
type ProbedStream = z.infer<typeof ProbeOutput>['streams'][number];

/** Still-picture and text "videos" ffprobe also finds: a JPEG, a PNG, a .txt shown as ANSI art. */
const STILL_FORMATS = /^(image2|\w+_pipe|tty|gif|webp_pipe)$/;
const STILL_CODECS = new Set(['ansi', 'mjpeg', 'png', 'bmp', 'tiff', 'webp', 'gif']);
/**
 * Formats ffprobe recognises in almost any bytes (a file of tab characters is valid CD+Graphics
 * karaoke) and no camera writes: never game film.
 */
const NOT_FILM_FORMATS = new Set(['cdg', 'tty', 'bin', 'xbin', 'adf', 'idf']);

function rate(text: string | undefined): number {
  if (!text) return NaN;
  const [num, den] = text.split('/').map(Number);
  return den ? num! / den : Number(num);
}

/**
 * Duration, frame rate, displayed size, rotation and codec of the first video stream, by ffprobe.
 * A video is whatever ffprobe finds a moving-picture stream in, whatever the file is called; a
 * cover picture in an audio file, a still image or a text file is not one.
 */
export async function probeVideo(file: string, signal?: AbortSignal): Promise<VideoInfo> {
  const parsed = await describe(file, signal);
  const container = parsed.format?.format_name ?? 'unknown';
  const stream = parsed.streams.find((s) => isMovingPicture(s, container));
  if (!stream) throw new UnreadableVideoError(noVideoReason(parsed.streams));
  const fps = [rate(stream.avg_frame_rate), rate(stream.r_frame_rate)].find((r) => Number.isFinite(r) && r > 0 && r <= 480);
  if (!fps) throw new UnreadableVideoError('its frame rate is unknown');
  const durationS = [Number(parsed.format?.duration), Number(stream.duration)].find((d) => Number.isFinite(d) && d > 0);
  if (!durationS) throw new UnreadableVideoError('it is empty (no duration)');
  const codedWidth = stream.width!;
  const codedHeight = stream.height!;
  const rotation = rotationOf(stream);
  const { width, height } = displayedSize(codedWidth, codedHeight, stream.sample_aspect_ratio, rotation);
  const startS = [Number(parsed.format?.start_time), Number(stream.start_time)].find((s) => Number.isFinite(s)) ?? 0;
  return { durationS, fps, width, height, codec: stream.codec_name ?? 'unknown', container, rotation, codedWidth, codedHeight, startS };
}

/** ffprobe's description of the file; ffmpeg's, when ffprobe crashes on it. */
async function describe(file: string, signal?: AbortSignal): Promise<z.infer<typeof ProbeOutput>> {
  const result = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-i', mediaInput(file)],
    { signal, maxStdoutBytes: 4 * 1024 * 1024 },
  );
  if (result.code === null || result.code > 128) {
    const described = await describeWithFfmpeg(file, signal);
    if (described) return ProbeOutput.parse(described);
  }
  if (result.code !== 0) throw new UnreadableVideoError(`ffprobe cannot read it (${lastLine(result.stderr)}): it is not a video file ffprobe knows, or it is damaged`);
  try {
    return ProbeOutput.parse(JSON.parse(result.stdout.toString('utf8')));
  } catch {
    throw new UnreadableVideoError('ffprobe gave no usable description of it');
  }
}

function isMovingPicture(stream: ProbedStream, container: string): boolean {
  if (stream.codec_type !== 'video' || !stream.width || !stream.height) return false;
  if (stream.disposition?.attached_pic === 1 || NOT_FILM_FORMATS.has(container)) return false;
  return !(STILL_FORMATS.test(container) && STILL_CODECS.has(stream.codec_name ?? ''));
}

function noVideoReason(streams: readonly ProbedStream[]): string {
  if (streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1)) return 'it has no video stream, only sound and a cover picture';
  if (streams.some((s) => s.codec_type === 'audio')) return 'it has no video stream, only sound';
  if (streams.some((s) => s.codec_type === 'video')) return 'ffprobe finds only a still picture, text or karaoke graphics in it, not a video';
  return 'it has no video stream';
}

/**
 * The rotation to apply for display, as counter-clockwise degrees in 0–359: from the display
 * matrix (MP4, MOV; ffprobe gives it counter-clockwise) or else the older `rotate` tag (clockwise).
 */
export function rotationOf(stream: Pick<ProbedStream, 'side_data_list' | 'tags'>): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const tag = Number(stream.tags?.rotate);
  const degrees = matrix ?? (Number.isFinite(tag) ? -tag : 0);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/** The size a player shows: non-square pixels stretched to square ones, then turned. */
export function displayedSize(codedWidth: number, codedHeight: number, sar: string | undefined, rotation: number): { width: number; height: number } {
  const [num, den] = (sar ?? '').split(':').map(Number);
  const stretch = num && den && num > 0 && den > 0 ? num / den : 1;
  const width = Math.max(1, Math.round(codedWidth * stretch));
  return rotation % 180 === 90 ? { width: codedHeight, height: width } : { width, height: codedHeight };
}
