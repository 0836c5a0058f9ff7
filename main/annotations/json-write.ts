/**
 * Plays as JSON: a pretty-printed array with the CSV's keys (and `tags`), optional fields left out,
 * times in seconds with at most three decimals. readJsonAnnotations reads it back unchanged.
 */
import { formatSeconds } from './time.js';
import type { AnnotationRecord } from './types.js';

export function writeAnnotationsJson(records: readonly AnnotationRecord[]): string {
  const plays = records.map((r) => ({
    game: r.game,
    video: r.video,
    start: Number(formatSeconds(r.startS)),
    end: Number(formatSeconds(r.endS)),
    play_type: r.playType,
    // JSON.stringify leaves out undefined values: an absent field stays absent.
    id: r.id,
    team: r.team,
    period: r.period,
    clock: r.clock,
    player: r.player,
    tags: r.tags?.length ? r.tags : undefined,
  }));
  return `${JSON.stringify(plays, null, 2)}\n`;
}
