import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

describe('filmroom demo', () => {
  it('runs every stage on a small synthetic season and ends with the held-out metrics and a CSV of every play', async () => {
    const dir = tempDir();
    const library = path.join(dir, 'demo.filmroom.db');
    const child = spawnFilmroom(['demo', '--library', library, '--games', '3', '--plays-per-game', '5', '--epochs', '2', '--json']);
    const { code, stdout, stderr } = await child.output;
    expect(code, stderr).toBe(0);
    for (const stage of ['1/6 synthesising', '2/6 importing', '3/6 backbone features', '4/6 training', '5/6 evaluating', '6/6 writing the report']) expect(stderr).toContain(stage);
    const result = JSON.parse(stdout) as {
      run: number; engine: string; epochs: number; games: number; plays: number; backbone: { weights: string };
      metrics: { accuracy: number; macro_f1: number; top2_accuracy: number; held_out_games: number; held_out_plays: number };
      report: { path: string; rows: number };
    };
    expect(result).toMatchObject({ games: 3, plays: 15, epochs: 2, backbone: { weights: 'random:0' } });
    expect(result.engine).toMatch(/tfjs/);
    expect(result.metrics.held_out_games).toBeGreaterThanOrEqual(1);
    for (const key of ['accuracy', 'macro_f1', 'top2_accuracy'] as const) expect(result.metrics[key]).toBeGreaterThanOrEqual(0);
    expect(result.report.rows).toBe(15);
    const csv = fs.readFileSync(result.report.path, 'utf8');
    expect(csv.trimEnd().split(/\r\n/)).toHaveLength(16);
  }, 300_000);
});
