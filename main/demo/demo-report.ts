import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { replaceAtomically } from '../ml/weights/atomic-file.js';

/** Interim: the plays CSV of a run's predictions (to be replaced by the reports module). */
export async function writeDemoReport(db: Database, runId: number, out: string): Promise<{ path: string; rows: number }> {
  const rows = db
    .prepare(
      `SELECT g.name AS game, p.start_s, p.end_s, p.play_type_id AS true_type, pr.play_type_id AS predicted_type, pr.confidence
         FROM predictions pr JOIN plays p ON p.id = pr.play_id JOIN games g ON g.id = p.game_id
        WHERE pr.run_id = ? ORDER BY g.id, p.start_s`,
    )
    .all(runId) as { game: string; start_s: number; end_s: number; true_type: string; predicted_type: string; confidence: number }[];
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = ['game,start_s,end_s,true_type,predicted_type,confidence', ...rows.map((r) => [quote(r.game), r.start_s.toFixed(3), r.end_s.toFixed(3), r.true_type, r.predicted_type, r.confidence.toFixed(4)].join(','))].join('\r\n') + '\r\n';
  await replaceAtomically(out, async (temp) => fs.promises.writeFile(temp, text, 'utf8'));
  return { path: out, rows: rows.length };
}
