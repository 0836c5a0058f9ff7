import fs from 'node:fs';
import path from 'node:path';
import h5wasm, { Group, type Dataset, type File as H5File } from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../../../../main/ml/weights/keras-h5-read.js';
import { KERAS_VERSION, writeKerasH5 } from '../../../../main/ml/weights/keras-h5-write.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import { WeightsError } from '../../../../main/ml/weights/weight-set.js';
import { suiteTempDir } from '../../../helpers/temp.js';
import { patternWeights, sameBits } from '../../../helpers/weights-files.js';

const ALL_LAYERS = [
  'input_1',
  'block1_conv1', 'block1_conv2', 'block1_pool',
  'block2_conv1', 'block2_conv2', 'block2_pool',
  'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
  'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool',
  'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
];

async function inspect<T>(file: string, look: (f: H5File) => T): Promise<T> {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'r');
  try {
    return look(f);
  } finally {
    f.close();
  }
}

describe('writeKerasH5 writes tf.keras 2 save_weights files', () => {
  const dir = suiteTempDir('filmroom-weights-');
  beforeAll(() => h5wasm.ready);

  it('round-trips all 13 layers bit for bit', async () => {
    const file = path.join(dir, 'full.h5');
    const weights = randomWeights(7);
    await writeKerasH5(weights, file);
    expect(sameBits(await readKerasH5(file), weights)).toBe(true);
  });

  it('has the structure load_weights(by_name=True) reads: layer_names, backend, keras_version, weight_names, float32 datasets', async () => {
    const file = path.join(dir, 'full.h5');
    const structure = await inspect(file, (f) => {
      const layers = f.get_attribute('layer_names', false);
      const groups = ALL_LAYERS.map((name) => {
        const g = f.get(name) as Group;
        return { name, isGroup: g instanceof Group, weightNames: g.get_attribute('weight_names', false) };
      });
      const kernel = f.get('block3_conv2/block3_conv2/kernel:0') as Dataset;
      const bias = f.get('block3_conv2/block3_conv2/bias:0') as Dataset;
      return {
        layers,
        layersShape: f.attrs['layer_names']!.shape,
        backend: f.get_attribute('backend', false),
        version: f.get_attribute('keras_version', false),
        stringType: f.attrs['layer_names']!.metadata,
        groups,
        rootKeys: f.keys(),
        kernel: { dtype: kernel.dtype, shape: kernel.shape, chunks: kernel.metadata.chunks },
        bias: { dtype: bias.dtype, shape: bias.shape },
      };
    });
    expect(structure.layers).toEqual(ALL_LAYERS);
    expect(structure.layersShape).toEqual([19]); // a 1-D array: Keras iterates it
    expect(structure.stringType).toMatchObject({ type: 3, vlen: false, cset: 0 }); // fixed-length ASCII, like numpy 'S'
    expect(structure.backend).toBe('tensorflow');
    expect(structure.version).toBe(KERAS_VERSION);
    expect(structure.rootKeys.sort()).toEqual([...ALL_LAYERS].sort());
    for (const g of structure.groups) {
      expect(g.isGroup).toBe(true);
      if (g.name.includes('conv')) expect(g.weightNames).toEqual([`${g.name}/kernel:0`, `${g.name}/bias:0`]);
      else expect(Array.from(g.weightNames as Float64Array)).toEqual([]);
    }
    expect(structure.kernel).toEqual({ dtype: '<f', shape: [3, 3, 256, 256], chunks: null });
    expect(structure.bias).toEqual({ dtype: '<f', shape: [256] });
  });

  it('lists a partial set up to its last block, and puts each value at its [kh, kw, in, out] index', async () => {
    const file = path.join(dir, 'partial.h5');
    const weights = patternWeights('block2_pool');
    await writeKerasH5(weights, file);
    const { layers, values } = await inspect(file, (f) => ({
      layers: f.get_attribute('layer_names', false),
      values: (f.get('block2_conv1/block2_conv1/kernel:0') as Dataset).value as Float32Array,
    }));
    expect(layers).toEqual(ALL_LAYERS.slice(0, 7));
    // [2, 0, 17, 100] in [3, 3, 64, 128]: ((2*3 + 0)*64 + 17)*128 + 100.
    const index = ((2 * 3 + 0) * 64 + 17) * 128 + 100;
    expect(values[index]).toBe(weights.get('block2_conv1')!.kernel[index]);
    expect(sameBits(await readKerasH5(file, { upTo: 'block2_pool' }), weights)).toBe(true);
  });

  it('replaces the target atomically and leaves no temp file', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'atomic-'));
    const file = path.join(sub, 'w.h5');
    await writeKerasH5(patternWeights('block1_pool', 1), file);
    await writeKerasH5(patternWeights('block1_pool', 2), file);
    expect(fs.readdirSync(sub)).toEqual(['w.h5']);
    expect(sameBits(await readKerasH5(file, { upTo: 'block1_pool' }), patternWeights('block1_pool', 2))).toBe(true);
  });

  it('refuses a set with gaps, foreign layers or wrong shapes, and leaves the target alone', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'refuse-'));
    const file = path.join(sub, 'w.h5');
    const gap = patternWeights('block2_pool');
    gap.delete('block1_conv2');
    await expect(writeKerasH5(gap, file)).rejects.toThrow(/block2_conv2 but not block1_conv2/);
    const foreign = patternWeights('block1_pool');
    foreign.set('fc1', foreign.get('block1_conv1')!);
    await expect(writeKerasH5(foreign, file)).rejects.toThrow(WeightsError);
    const wrong = patternWeights('block1_pool');
    wrong.set('block1_conv2', { ...wrong.get('block1_conv2')!, bias: new Float32Array(63) });
    await expect(writeKerasH5(wrong, file)).rejects.toThrow('block1_conv2: bias has shape [63], expected [64]');
    expect(fs.readdirSync(sub)).toEqual([]);
  });
});
