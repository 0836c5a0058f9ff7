/** A title card before a play in an exported video: its type, team, period and clock on a dark field. */
import fs from 'node:fs';

/** Fonts drawtext can use, looked for where Linux, macOS and Windows keep them. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

/** The font file the cards are drawn with, or null when none of the usual ones is installed. */
export function findTitleFont(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.FILMROOM_TITLE_FONT;
  if (chosen && fs.existsSync(chosen)) return chosen;
  return FONT_CANDIDATES.find((f) => fs.existsSync(f)) ?? null;
}

/**
 * A file path as a drawtext option inside a -vf graph: forward slashes (ffmpeg takes them on
 * Windows too) and ':' escaped for both the option and the graph parser. Paths here are the font
 * and Film Room's own temporary text files, never free text.
 */
export function escapeFilterPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/:/g, '\\\\:').replace(/'/g, '');
}

export interface TitleLines {
  headline: string;
  detail: string;
}

/**
 * The video filter drawing the card's two lines centred on a `color` source. The text comes from
 * files (drawtext's textfile), so nothing a play says can be read as filter syntax.
 */
export function titleCardFilter(font: string, files: { headline: string; detail: string }, height: number): string {
  const big = Math.max(12, Math.round(height / 9));
  const small = Math.max(10, Math.round(height / 16));
  const common = `fontfile=${escapeFilterPath(font)}:fontcolor=white:x=(w-text_w)/2`;
  return [
    `drawtext=${common}:textfile=${escapeFilterPath(files.headline)}:fontsize=${big}:y=(h/2)-text_h-${Math.round(big / 4)}`,
    `drawtext=${common}:textfile=${escapeFilterPath(files.detail)}:fontsize=${small}:fontcolor=0xc8cdd2:y=(h/2)+${Math.round(small / 2)}`,
  ].join(',');
}
