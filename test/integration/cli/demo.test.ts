import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

describe('filmroom demo', () => {
  it('runs every stage on a small synthetic season, learns play types well above chance on held-out games, and writes a CSV of every play', async () => {
    const dir = tempDir();
    const library = path.join(dir, 'demo.filmroom.db');
    // 8 games × 22 plays (2 held out): small enough for CI, enough film for the head to learn from.
    const child = spawnFilmroom(['demo', '--library', library, '--games', '8', '--plays-per-game', '22', '--epochs', '30', '--no-fetch', '--json']);
    const { code, stdout, stderr } = await child.output;
    expect(code, stderr).toBe(0);
    for (const stage of ['1/6 synthesising', '2/6 importing', '3/6 backbone features', '4/6 training', '5/6 evaluating', '6/6 writing the report']) expect(stderr).toContain(stage);
    expect(stderr).toMatch(/Weights {3}random:0: random \(Keras-initialised\), frozen — no ImageNet weights in this library and fetching was turned off/);
    const result = JSON.parse(stdout) as {
      run: number; engine: string; epochs: number; games: number; plays: number; backbone: { weights: string };
      weights: { name: string; source: string; reason: string };
      stages: Record<string, { wall: number; cpu: number }>;
      metrics: { accuracy: number; macro_f1: number; top2_accuracy: number; held_out_games: number; held_out_plays: number };
      report: { path: string; rows: number };
    };
    expect(result).toMatchObject({ games: 8, plays: 176, backbone: { weights: 'random:0', cut: 'block1_pool' }, weights: { name: 'random:0', source: 'random' } });
    expect(result.engine).toMatch(/tfjs/);
    expect(result.metrics.held_out_games).toBeGreaterThanOrEqual(1);
    // Chance is 1/11 ≈ 0.09 for 11 balanced play types; a head that learned nothing scores about that.
    expect(result.metrics.macro_f1, JSON.stringify(result.metrics)).toBeGreaterThan(0.3);
    expect(result.metrics.accuracy).toBeGreaterThan(0.3);
    for (const stage of ['synth', 'import', 'features', 'training', 'evaluating', 'predicting', 'report', 'total']) {
      expect(result.stages[stage]!.wall, stage).toBeGreaterThan(0);
      expect(result.stages[stage]!.cpu, stage).toBeGreaterThanOrEqual(0);
    }
    expect(result.report.rows).toBe(176);
    const csv = fs.readFileSync(result.report.path, 'utf8');
    expect(csv.trimEnd().split(/\r\n/)).toHaveLength(177);
  }, 1_200_000);
});
