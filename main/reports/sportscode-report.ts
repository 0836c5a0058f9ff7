/**
 * A game's plays as a Sportscode edit list, with the true labels or a run's predictions as codes,
 * coloured as the taxonomy colours them, codes by play-type name and IDs as imported (the database id
 * for a play coded here). Film Room's own import reads it back as the same plays with the same IDs.
 */
import type { Database } from 'better-sqlite3';
import { NotFoundError } from '../../shared/errors.js';
import { writeSportscodeXml } from '../annotations/sportscode-write.js';
import type { AnnotationRecord } from '../annotations/types.js';
import { gamePlaysForExport, readyGameForExport } from '../library/repositories/reports.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { playTypeNames } from './play-type-names.js';

export function sportscodeReport(db: Database, gameId: number, runId: number | null): { xml: string; rows: number } {
  const game = readyGameForExport(db, gameId);
  if (!game) throw new NotFoundError(`No game ${gameId} in this library: the Library view lists the games and their ids.`);
  const plays = gamePlaysForExport(db, gameId, runId);
  if (runId !== null && plays.every((p) => p.predicted === null)) {
    throw new NotFoundError(`Run ${runId} has no predictions for game ${gameId}: run \`filmroom predict --run ${runId} --game ${gameId}\` first.`);
  }
  const { nameOf } = playTypeNames(db);
  const records: AnnotationRecord[] = plays
    .filter((p) => runId === null || p.predicted !== null)
    .map((p) => ({
      game: game.name, video: game.video_path, startS: p.start_s, endS: p.end_s, playType: nameOf(runId === null ? p.play_type_id : p.predicted!),
      // The ID the play was imported with goes back out, so the analyst's own tool matches its instances.
      id: p.external_id ?? String(p.id),
      ...(p.team ? { team: p.team } : {}), tags: JSON.parse(p.tags_json) as string[],
    }));
  const rowColors = Object.fromEntries(listPlayTypes(db).map((t) => [t.name, t.color]));
  return { xml: writeSportscodeXml(records, { rowColors }), rows: records.length };
}
