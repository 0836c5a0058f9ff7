/**
 * `filmroom backbone replace-block1` and `backbone insert` end to end, in process, on a tiny real
 * library (2 games × 3 plays of real H.264 video, imported as 32×32 clips).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeConvs } from '../../../main/ml/surgery/compose-kernels.js';
import { randomWeights } from '../../../main/ml/weights/random-weights.js';
import { readVariantKerasH5 } from '../../../main/ml/weights/keras-h5-read.js';
import { openFilmRoom } from '../../../main/services/index.js';
import { cli } from '../../helpers/cli.js';
import { handSeasonLibrary } from '../../helpers/season.js';
import { suiteTempDir } from '../../helpers/temp.js';

interface ReplaceJson {
  weights: string;
  engine: string;
  cut: string;
  size: number;
  timing_size: number;
  epochs: number;
  distill_loss: number[];
  block1_mse_before: number;
  block1_mse_after: number;
  cosine_before: number;
  cosine: number;
  ms_per_frame_original: number;
  ms_per_frame_variant: number;
  speed_up: number;
  block1_speed_up: number;
  block1_params_before: number;
  block1_params_after: number;
  train_frames: number;
  held_out_frames: number;
  out: string;
}

const bytes = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

describe('filmroom backbone replace-block1 and insert', () => {
  const dir = suiteTempDir();
  const library = path.join(dir, 'library.filmroom.db');
  const empty = path.join(dir, 'empty.filmroom.db');

  beforeAll(async () => {
    await handSeasonLibrary(library, { games: 2, playsPerGame: 3, frameSize: 32 });
    await openFilmRoom({ libraryPath: empty, frontDoor: 'cli' }).close();
  });

  it('distils block1 into a 5×5 conv on the library’s frames, reports sane figures and writes a readable .h5', async () => {
    const out = path.join(dir, 'r1-5x5.h5');
    const result = await cli(['backbone', 'replace-block1', '--library', library, '--weights', 'random:1', '--out', out, '--epochs', '2', '--backend', 'wasm', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ReplaceJson;
    expect(report).toMatchObject({ weights: 'random:1', cut: 'block5_pool', size: 32, epochs: 2, block1_params_before: 38_720, block1_params_after: 4_864, out });
    expect(report.engine).toMatch(/tfjs/);
    expect(report.distill_loss).toHaveLength(2);
    expect(report.train_frames + report.held_out_frames).toBe(6 * 2);
    expect(report.speed_up).toBeGreaterThan(0);
    expect(report.ms_per_frame_original).toBeGreaterThan(0);
    // Speeds are measured in the bench, not asserted here; the ratio must be the original's time
    // over the edited one's (the right way round), timed at the library's size, 32.
    expect(report.timing_size).toBe(32);
    expect(report.speed_up).toBeCloseTo(report.ms_per_frame_original / report.ms_per_frame_variant, 6);
    expect(report.block1_speed_up).toBeGreaterThan(0);
    for (const cosine of [report.cosine, report.cosine_before]) {
      expect(cosine).toBeGreaterThanOrEqual(0);
      expect(cosine).toBeLessThanOrEqual(1);
    }
    expect(report.block1_mse_after).toBeLessThan(report.block1_mse_before);
    expect(result.stderr).toMatch(/mean cosine at block5_pool/);

    const read = await readVariantKerasH5(out);
    const conv5x5 = read.weights.get('block1_conv5x5')!;
    expect(conv5x5.kernelShape).toEqual([5, 5, 3, 64]);
    const original = randomWeights(1);
    // The trained kernel was written, not the composed start it began from.
    const start = composeConvs(original.get('block1_conv1')!, original.get('block1_conv2')!);
    expect(bytes(conv5x5.kernel).equals(bytes(start.kernel))).toBe(false);
    for (const [name, w] of original) {
      if (name.startsWith('block1_')) continue;
      expect(bytes(read.weights.get(name)!.kernel).equals(bytes(w.kernel)), `${name} kernel`).toBe(true);
      expect(bytes(read.weights.get(name)!.bias).equals(bytes(w.bias)), `${name} bias`).toBe(true);
    }
  });

  it('registers the result with --name, and extraction then runs the edited backbone', async () => {
    const out = path.join(dir, 'named-5x5.h5');
    const args = ['backbone', 'replace-block1', '--library', library, '--weights', 'random:2', '--out', out, '--epochs', '1', '--backend', 'wasm', '--name', 'r2-5x5', '--json'];
    const result = await cli(args);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { weight_set: { name: string; up_to: string; path: string } };
    // The library keeps its own copy, so moving --out's file away does not break the weight set.
    expect(report.weight_set).toMatchObject({ name: 'r2-5x5', up_to: 'block5_pool' });
    expect(report.weight_set.path).toMatch(/library\.filmroom\.weights[\\/][0-9a-f]{16}\.h5$/);
    const listed = JSON.parse((await cli(['weights', 'list', '--library', library, '--json'])).stdout) as { name: string; source: string }[];
    expect(listed.find((w) => w.name === 'r2-5x5')).toMatchObject({ source: 'surgery' });
    const extracted = await cli(['extract', '--library', library, '--weights', 'r2-5x5', '--cut', 'block2_pool', '--pool', 'avg', '--json']);
    expect(extracted.code, extracted.stderr).toBe(0);
    expect(JSON.parse(extracted.stdout)).toMatchObject({ computed: 6, dim: 128 });
    // The name is taken now: refused before any distillation, and the file is left alone.
    const before = fs.statSync(out).mtimeMs;
    const again = await cli(args);
    expect(again.code).not.toBe(0);
    expect((JSON.parse(again.stdout) as { error: { message: string } }).error.message).toMatch(/already called "r2-5x5"/);
    expect(fs.statSync(out).mtimeMs).toBe(before);

    // Fine-tuned on top of the edited backbone: block2 trains, the 5×5 conv stays put, and the
    // tuned set (an edited VGG16 too) is saved, reloaded and extracted with.
    const tuned = await cli(['finetune', '--library', library, '--weights', 'r2-5x5', '--cut', 'block2_pool', '--trainable', 'block2', '--frames', '2', '--epochs', '1', '--backend', 'wasm', '--save-as', 'r2-tuned', '--json']);
    expect(tuned.code, tuned.stderr).toBe(0);
    const run = JSON.parse(tuned.stdout) as { frozen: { layers: string[]; unchanged: boolean }; trainable_layers: string[]; weight_set: { up_to: string } };
    expect(run.trainable_layers).toEqual(['block2_conv1', 'block2_conv2']);
    expect(run.frozen).toMatchObject({ layers: ['block1_conv5x5'], unchanged: true });
    expect(run.weight_set.up_to).toBe('block2_pool');
    const fromTuned = await cli(['extract', '--library', library, '--weights', 'r2-tuned', '--cut', 'block2_pool', '--pool', 'avg', '--json']);
    expect(fromTuned.code, fromTuned.stderr).toBe(0);
    expect(JSON.parse(fromTuned.stdout)).toMatchObject({ computed: 6, dim: 128 });
  });

  it('inserts an identity conv after a layer and writes it', async () => {
    const out = path.join(dir, 'ins.h5');
    const result = await cli(['backbone', 'insert', '--library', library, '--weights', 'random:1', '--after', 'block3_conv3', '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ layer: 'block3_conv3_insert1x1', kernel_shape: [1, 1, 256, 256], params_added: 256 * 256 + 256, out });
    const read = await readVariantKerasH5(out);
    expect(read.layers.map((l) => l.name).slice(8, 11)).toEqual(['block3_conv3', 'block3_conv3_insert1x1', 'block3_pool']);
  });

  it('says what is wrong: an unknown weight set, a library without clips, an unwritable --out', async () => {
    const run = async (args: string[]) => {
      const result = await cli([...args, '--json']);
      expect(result.code).not.toBe(0);
      return (JSON.parse(result.stdout) as { error: { message: string } }).error.message;
    };
    const out = path.join(dir, 'x.h5');
    expect(await run(['backbone', 'replace-block1', '--library', library, '--weights', 'nope', '--out', out])).toMatch(/No weight set "nope"/);
    expect(await run(['backbone', 'replace-block1', '--library', empty, '--weights', 'random', '--out', out])).toMatch(/no clips.*filmroom import.*filmroom extract/);
    expect(await run(['backbone', 'replace-block1', '--library', library, '--weights', 'random', '--out', path.join(dir, 'missing', 'x.h5')])).toMatch(/cannot write --out .*does not exist/);
    expect(await run(['backbone', 'insert', '--library', library, '--weights', 'random', '--after', 'block9', '--out', out])).toMatch(/--after must be a VGG16 layer/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
