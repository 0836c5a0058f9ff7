import type { AnnotationRow } from '../annotations/types.js';
import type { VideoInfo } from '../media/probe.js';

/** Why a row cannot become a play of this video, or null when it can. */
export function validateRow(row: AnnotationRow, video: Pick<VideoInfo, 'durationS' | 'fps'>): string | null {
  if (!(row.endS > row.startS)) return `the play ends (${row.endS} s) at or before it starts (${row.startS} s)`;
  if (row.startS < 0) return `the play starts before the video (${row.startS} s)`;
  // One frame of slack: annotation tools round the last frame's end time.
  if (row.endS > video.durationS + 1 / video.fps) {
    return `the play (${row.startS}–${row.endS} s) runs past the end of its video (${video.durationS.toFixed(2)} s)`;
  }
  return null;
}
