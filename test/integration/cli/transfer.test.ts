/**
 * The transfer-learning commands end to end, through the built `filmroom` (run `npm run build`
 * first), on a tiny real library: 3 games × 4 plays of real H.264 video, imported as 40-frame
 * clips of 32×32 (the commands take 2 of each clip's frames). Train your own backbone, use it as a frozen backbone for extraction and a
 * training run, fine-tune on it, stack a network on it.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../../../main/ml/weights/keras-h5-read.js';
import { weightsSha256 } from '../../../main/ml/weights/weights-hash.js';
import { openLibrary } from '../../../main/library/index.js';
import { openFilmRoom } from '../../../main/services/index.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { handSeasonLibrary } from '../../helpers/season.js';
import { suiteTempDir } from '../../helpers/temp.js';
import type { JobInfo } from '../../../shared/api/jobs.js';
import type { JobProgress } from '../../../shared/api/app.js';

interface Evaluation { accuracy: number; plays: number; confusion: number[][] }
interface TransferJson {
  kind: string;
  engine: string;
  epochs: { epoch: number; loss: number }[];
  run_id: number;
  split: {
    train_game_ids: number[]; validation_game_ids: number[]; held_out_game_ids: number[]; train_plays: number; validation_plays: number; held_out_plays: number;
    train_samples: number; held_out_samples: number;
  };
  held_out: Evaluation;
  held_out_plays: Evaluation | null;
  trainable_layers: string[];
  frozen: { layers: string[]; sha256_before: string; sha256_after: string; unchanged: boolean };
  weight_set: { name: string; sha256: string; path: string; up_to: string } | null;
}

async function filmroom(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return spawnFilmroom(args).output;
}

async function json<T>(args: string[]): Promise<T> {
  const result = await filmroom([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('filmroom backbone train, finetune and stack', () => {
  const dir = suiteTempDir();
  const library = path.join(dir, 'library.filmroom.db');

  beforeAll(async () => {
    await handSeasonLibrary(library, { games: 3, playsPerGame: 4, frameSize: 32 });
  });

  it('trains a backbone, saves it as a Keras .h5 weight set, and extraction and training use it as the frozen backbone', { timeout: 180_000 }, async () => {
    const trained = await json<TransferJson>(['backbone', 'train', '--library', library, '--cut', 'block1_pool', '--frames', '2', '--epochs', '1', '--name', 'court-b1']);
    expect(trained.kind).toBe('frame');
    expect(trained.trainable_layers).toEqual(['block1_conv1', 'block1_conv2']);
    // Evaluation is on whole held-out games: no game on both sides; 2 frames of every held-out play.
    const { split } = trained;
    expect(split.held_out_game_ids.length).toBeGreaterThan(0);
    expect(split.train_game_ids.filter((g) => split.held_out_game_ids.includes(g))).toEqual([]);
    // 3 games: one to learn from, one for early stopping, one to score.
    expect(split.validation_game_ids).toHaveLength(1);
    expect([...split.train_game_ids, ...split.validation_game_ids, ...split.held_out_game_ids].sort()).toEqual([1, 2, 3]);
    expect(split.train_plays + split.validation_plays + split.held_out_plays).toBe(12);
    expect(trained.held_out.plays).toBe(2 * split.held_out_plays);
    expect(trained.held_out_plays!.plays).toBe(split.held_out_plays);

    const saved = trained.weight_set!;
    expect(saved).toMatchObject({ name: 'court-b1', up_to: 'block1_pool' });
    expect(saved.path).toBe(path.join(dir, 'library.filmroom.weights', 'court-b1.h5'));
    // The file on disk holds exactly the weights the run reported, readable by the Keras reader.
    expect(weightsSha256(await readKerasH5(saved.path, { upTo: 'block1_pool' }))).toBe(saved.sha256);

    const listed = await json<{ name: string; source: string; sha256: string }[]>(['weights', 'list', '--library', library]);
    expect(listed.find((w) => w.name === 'court-b1')).toMatchObject({ source: 'trained', sha256: saved.sha256 });

    const extracted = await json<{ computed: number; dim: number }>(['extract', '--library', library, '--weights', 'court-b1', '--cut', 'block1_pool', '--pool', 'avg']);
    expect(extracted).toMatchObject({ computed: 12, dim: 64 });
    const run = await json<{ status: string }>(['train', '--library', library, '--weights', 'court-b1', '--cut', 'block1_pool', '--pool', 'avg', '--epochs', '2', '--units', '8']);
    expect(run.status).toBe('finished');

    const again = await filmroom(['backbone', 'train', '--library', library, '--cut', 'block1_pool', '--epochs', '1', '--name', 'court-b1', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.message).toMatch(/already called "court-b1"/);
  });

  it('fine-tunes block1_conv2 of the whole clip model and proves block1_conv1 did not move', async () => {
    const result = await json<TransferJson>([
      'finetune', '--library', library, '--weights', 'random:4', '--cut', 'block1_pool', '--trainable', 'block1_conv2', '--frames', '2', '--epochs', '1', '--cell', 'gru', '--units', '8',
      '--lr-backbone', '0.0001', '--lr-head', '0.01',
    ]);
    expect(result.kind).toBe('clip');
    expect(result.engine).toMatch(/tfjs/);
    expect(result.trainable_layers).toEqual(['block1_conv2']);
    expect(result.frozen).toMatchObject({ layers: ['block1_conv1'], unchanged: true });
    expect(result.frozen.sha256_after).toBe(result.frozen.sha256_before);
    expect(result.held_out.plays).toBe(result.split.held_out_plays);
    expect(result.weight_set).toBeNull();
  });

  it('is a run like any other: killed with SIGKILL, `train --resume` goes on from its checkpoint; then listed, evaluated, every play predicted', { timeout: 180_000 }, async () => {
    const child = spawnFilmroom([
      'finetune', '--library', library, '--weights', 'random:5', '--cut', 'block1_pool', '--trainable', 'block1_conv2', '--frames', '2', '--epochs', '12', '--patience', '50',
      '--cell', 'gru', '--units', '4',
    ]);
    let text = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => ((text += chunk.toString()), /^epoch +2 /m.test(text) && resolve()));
      child.on('exit', () => reject(new Error(`finetune ended before its second epoch: ${text}`)));
    });
    child.kill('SIGKILL');
    expect((await child.output).signal).toBe('SIGKILL');

    const runs = await json<{ id: number; name: string; status: string; epochs_done: number; spec: { kind: string } }[]>(['runs', '--library', library]);
    const killed = runs[0]!; // newest first
    expect(killed).toMatchObject({ status: 'running', spec: { kind: 'transfer' } });
    expect(killed.epochs_done).toBeGreaterThanOrEqual(2);

    const resumed = await filmroom(['train', '--library', library, '--resume', String(killed.id), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const first = Number(/^epoch +(\d+) /m.exec(resumed.stderr)![1]);
    // The checkpoint is written after the epoch's row: at most the one epoch in between is redone.
    expect(first).toBeGreaterThanOrEqual(killed.epochs_done);
    expect(first).toBeLessThanOrEqual(killed.epochs_done + 1);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: killed.id, status: 'finished', epochs: 12 });

    const room = openFilmRoom({ libraryPath: library, frontDoor: 'cli' });
    try {
      const run = await room.api.training.getRun({ runId: killed.id });
      expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(run.evaluation!.plays).toBe(run.split!.heldOutPlays);
      expect(run.details).toMatchObject({ kind: 'clip', trainableLayers: ['block1_conv2'], frozen: { unchanged: true } });
      const queue = await room.api.training.reviewQueue({ runId: killed.id });
      expect(queue.total).toBe(12);
      expect(queue.items.filter((i) => i.heldOut)).toHaveLength(run.split!.heldOutPlays);
    } finally {
      await room.close();
    }
    const evaluated = await json<{ run: number; plays: number }>(['evaluate', '--library', library, '--run', String(killed.id)]);
    expect(evaluated.run).toBe(killed.id);

    // `filmroom predict` rebuilds the run's model from its checkpoint and predicts exactly as the run did.
    const db = openLibrary(library);
    const stored = () => new Map((db.prepare('SELECT play_id, probabilities_json FROM predictions WHERE run_id = ?').all(killed.id) as { play_id: number; probabilities_json: string }[])
      .map((r) => [r.play_id, JSON.parse(r.probabilities_json) as Record<string, number>]));
    const before = stored();
    db.prepare('DELETE FROM predictions WHERE run_id = ?').run(killed.id);
    expect(await json<{ plays: number }>(['predict', '--library', library, '--run', String(killed.id)])).toMatchObject({ plays: 12 });
    const after = stored();
    db.close();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [play, probabilities] of after) for (const [type, p] of Object.entries(probabilities)) expect(p).toBeCloseTo(before.get(play)![type]!, 4);
  });

  it('stacks a network on block1_pool, per frame and per clip, and refuses a stack that does not fit', async () => {
    const perFrame = await json<TransferJson>(['stack', '--library', library, '--weights', 'random:4', '--on', 'block1_pool', '--frames', '2', '--epochs', '1', '--layers', 'conv2d:8:3,maxPool2d:2,flatten,dense:16,dropout:0.5']);
    expect(perFrame.kind).toBe('frame');
    expect(perFrame.frozen).toMatchObject({ layers: ['block1_conv1', 'block1_conv2'], unchanged: true });
    expect(perFrame.held_out.confusion).toHaveLength(11);
    const perClip = await json<TransferJson>(['stack', '--library', library, '--weights', 'random:4', '--on', 'block1_pool', '--frames', '2', '--epochs', '1', '--layers', 'gap,dense:8', '--per-clip', '--cell', 'gru', '--units', '4']);
    expect(perClip.kind).toBe('clip');
    expect(perClip.held_out_plays).toBeNull();

    const bad = await filmroom(['stack', '--library', library, '--weights', 'random:4', '--on', 'block1_pool', '--layers', 'dense:8', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/stack layer 1 \(dense 8\) needs a vector/);
  });

  it('runs from the app: jobs.startTransfer trains the model view’s spec in a worker process, with progress, and saves the tuned backbone', { timeout: 120_000 }, async () => {
    const room = openFilmRoom({ libraryPath: library, frontDoor: 'browser' });
    try {
      const progress: JobProgress[] = [];
      room.api.app.onDidProgress((p) => progress.push(p));
      const spec = {
        model: { kind: 'clip' as const, backbone: { weights: 'random:4', cut: 'block1_pool' as const, size: 32, frames: 2 }, trainable: ['block1_conv2' as const], head: { cell: 'gru' as const, units: 8 } },
        optimizer: { learningRate: 0.01, backboneLearningRate: 0.0001 },
        epochs: 1,
      };
      // Bad requests are refused before anything runs (the dispatcher turns these schema errors into ValidationErrors).
      await expect(room.api.jobs.startTransfer({ spec, saveAs: 'random:1' })).rejects.toThrow(/reserved for random/);
      await expect(room.api.jobs.startTransfer({ spec: { ...spec, epochs: 0 } })).rejects.toThrow(/epochs/);
      expect(await room.api.jobs.list({})).toEqual([]);

      const started = await room.api.jobs.startTransfer({ spec, saveAs: 'tuned-from-app' });
      expect(started).toMatchObject({ kind: 'transfer', state: 'running' });
      let info: JobInfo = started;
      for (let i = 0; i < 600 && info.state === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        info = await room.api.jobs.get({ jobId: started.jobId });
      }
      expect(info.error).toBeNull();
      expect(info.state).toBe('finished');
      if (info.kind !== 'transfer') throw new Error(`a transfer job came back as ${info.kind}`);
      const result = info.result!;
      expect(result.trainableLayers).toEqual(['block1_conv2']);
      expect(result.frozen).toMatchObject({ layers: ['block1_conv1'], unchanged: true });
      expect(result.weightSet).toMatchObject({ name: 'tuned-from-app', upTo: 'block1_pool' });
      expect(weightsSha256(await readKerasH5(result.weightSet!.path, { upTo: 'block1_pool' }))).toBe(result.weightSet!.sha256);
      // The UI saw it move and end.
      const mine = progress.filter((p) => p.jobId === started.jobId);
      expect(mine.some((p) => p.state === 'running' && p.total > 0)).toBe(true);
      expect(mine.at(-1)!.state).toBe('finished');
    } finally {
      await room.close();
    }
  });
});
