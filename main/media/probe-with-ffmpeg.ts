/**
 * What `ffmpeg -i FILE` says about a file, read from its description on stderr: the fallback for
 * when ffprobe itself crashes (the ffprobe build shipped on npm for Linux dies on every MPEG-TS
 * file). The same fields as ffprobe's JSON, so probe.ts decides what is a video in one place.
 */
import { ffmpegPath, mediaInput } from './binaries.js';
import { runProcess } from './run-process.js';

export interface DescribedStream {
  codec_type: 'video' | 'audio' | 'other';
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  disposition: { attached_pic: number };
  tags: Record<string, string>;
}

export interface DescribedFile {
  format: { format_name?: string; duration?: string; start_time?: string };
  streams: DescribedStream[];
}

export async function describeWithFfmpeg(file: string, signal?: AbortSignal): Promise<DescribedFile | null> {
  const result = await runProcess(ffmpegPath(), ['-hide_banner', '-nostdin', '-i', mediaInput(file)], { signal, stderrTailChars: 256 * 1024 });
  return parseFfmpegDescription(result.stderr);
}

/** The description ffmpeg prints for its input #0, or null when it printed none (it could not read the file). */
export function parseFfmpegDescription(stderr: string): DescribedFile | null {
  const lines = stderr.split(/\r?\n/);
  const input = lines.findIndex((l) => /^Input #0, /.test(l));
  if (input < 0) return null;
  const format: DescribedFile['format'] = {};
  const container = /^Input #0, (.+?), from /.exec(lines[input]!);
  if (container) format.format_name = container[1]!;
  const streams: DescribedStream[] = [];
  let current: DescribedStream | null = null;
  for (const line of lines.slice(input + 1)) {
    if (!/^\s/.test(line)) break; // the description ends where an unindented line starts
    const timing = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)(?:, start: (-?[\d.]+))?/.exec(line);
    if (timing) {
      format.duration = String(Number(timing[1]) * 3600 + Number(timing[2]) * 60 + Number(timing[3]));
      if (timing[4] !== undefined) format.start_time = timing[4];
      continue;
    }
    const stream = /^\s+Stream #0:\d+\S*: (Video|Audio|\w+): (\w+)(.*)$/.exec(line);
    if (stream) {
      const [, kind, codec, rest] = stream as unknown as [string, string, string, string];
      current = {
        codec_type: kind === 'Video' ? 'video' : kind === 'Audio' ? 'audio' : 'other', codec_name: codec,
        disposition: { attached_pic: rest.includes('(attached pic)') ? 1 : 0 }, tags: {},
      };
      const size = /, (\d{1,5})x(\d{1,5})/.exec(rest);
      if (size) [current.width, current.height] = [Number(size[1]), Number(size[2])];
      const sar = /\[SAR (\d+):(\d+)/.exec(rest);
      if (sar) current.sample_aspect_ratio = `${sar[1]}:${sar[2]}`;
      const fps = /, ([\d.]+)(k?) fps/.exec(rest) ?? /, ([\d.]+)(k?) tbr/.exec(rest);
      if (fps) current.avg_frame_rate = String(Number(fps[1]) * (fps[2] ? 1000 : 1));
      streams.push(current);
      continue;
    }
    const rotate = /^\s+rotate\s+: (-?\d+)/.exec(line);
    if (rotate && current) current.tags.rotate = rotate[1]!;
  }
  return { format, streams };
}
