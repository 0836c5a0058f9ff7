import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingLayersError } from '../../../../main/ml/weights/conv-layers.js';
import { readKerasH5 } from '../../../../main/ml/weights/keras-h5-read.js';
import { WeightsError } from '../../../../main/ml/weights/weight-set.js';
import { suiteTempDir } from '../../../helpers/temp.js';
import { patternWeights, sameBits, writeFloat16KernelFile, writeLayout, type KerasLayout } from '../../../helpers/weights-files.js';

describe('readKerasH5 reads every Keras layout by layer name', () => {
  const dir = suiteTempDir('filmroom-weights-');

  it('reads the published VGG16 layout (all 13 convs) value for value', async () => {
    const file = path.join(dir, 'published.h5');
    const written = patternWeights();
    await writeLayout(file, 'published', written);
    const read = await readKerasH5(file);
    expect([...read.keys()]).toEqual([...written.keys()]);
    expect(read.size).toBe(13);
    expect(sameBits(read, written)).toBe(true);
  });

  const partialLayouts: KerasLayout[] = ['tf-keras-2', 'whole-model', 'keras-3', 'keras-3-named', 'keras-3-by-layer-name'];
  it.each(partialLayouts)('reads the %s layout (blocks 1–2) value for value', async (layout) => {
    const file = path.join(dir, `${layout}.h5`);
    const written = patternWeights('block2_pool', 0.5);
    await writeLayout(file, layout, written);
    const read = await readKerasH5(file, { upTo: 'block2_pool' });
    expect([...read.keys()]).toEqual(['block1_conv1', 'block1_conv2', 'block2_conv1', 'block2_conv2']);
    expect(sameBits(read, written)).toBe(true);
  });

  it('prefers the vars group name attribute over the class-numbered keys (recent Keras 3)', async () => {
    // Reverse the conv2d keys' order: only the name attribute says which layer is which.
    const file = path.join(dir, 'named.h5');
    const written = patternWeights('block1_pool');
    const written2 = patternWeights('block2_pool');
    await writeLayout(file, 'keras-3-named', written2, { reverseConvKeys: true });
    const read = await readKerasH5(file, { upTo: 'block2_pool' });
    expect(sameBits(read, written2)).toBe(true);
    // Without the attribute, the class-numbered keys would put block2_conv2's weights first: the
    // shapes do not match, and the reader says so instead of loading wrong weights.
    await writeLayout(file, 'keras-3', written, { reverseConvKeys: true });
    await expect(readKerasH5(file, { upTo: 'block1_pool' })).rejects.toThrow('block1_conv1: kernel has shape [3,3,64,64], expected [3,3,3,64]');
  });

  it('returns only the layers up to upTo, even when the file has more', async () => {
    const file = path.join(dir, 'more.h5');
    await writeLayout(file, 'tf-keras-2', patternWeights('block2_pool'));
    const read = await readKerasH5(file, { upTo: 'block1_conv2' });
    expect([...read.keys()]).toEqual(['block1_conv1', 'block1_conv2']);
  });

  it('keeps the [kh, kw, in, out] orientation: an element written at [i,j,c,f] reads back there', async () => {
    const file = path.join(dir, 'orientation.h5');
    const weights = patternWeights('block1_pool');
    const kernel = new Float32Array(3 * 3 * 3 * 64);
    // Row-major [3,3,3,64]: index of [1,2,0,5] = ((1*3 + 2)*3 + 0)*64 + 5 = 965.
    kernel[965] = 7.5;
    weights.set('block1_conv1', { kernel, kernelShape: [3, 3, 3, 64], bias: new Float32Array(64) });
    for (const layout of ['published', 'tf-keras-2', 'keras-3'] as const) {
      await writeLayout(file, layout, weights);
      const read = (await readKerasH5(file, { upTo: 'block1_pool' })).get('block1_conv1')!;
      expect(read.kernelShape).toEqual([3, 3, 3, 64]);
      expect(read.kernel[965]).toBe(7.5);
      expect(read.kernel.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0)).toBe(1);
    }
  });

  it('converts float64 weights to float32', async () => {
    const file = path.join(dir, 'double.h5');
    const written = patternWeights('block1_pool');
    await writeLayout(file, 'tf-keras-2', written, { dtype: '<d' });
    const read = await readKerasH5(file, { upTo: 'block1_pool' });
    // The written float32 values widen to float64 exactly, so they narrow back exactly.
    expect(sameBits(read, written)).toBe(true);
  });

  it('widens float16 weights to float32 (h5wasm cannot read float16: the reader decodes the bytes)', async () => {
    const file = path.join(dir, 'half.h5');
    // 0x3c00 = 1, 0xc000 = -2, 0x3555 = 0.333251953125, 0x0001 = 2^-24 (subnormal).
    const halves = new Uint16Array(1728).map((_, i) => [0x3c00, 0xc000, 0x3555, 0x0001][i % 4]!);
    await writeFloat16KernelFile(file, halves, new Float32Array(64).fill(0.25));
    const read = (await readKerasH5(file, { upTo: 'block1_conv1' })).get('block1_conv1')!;
    expect(read.kernelShape).toEqual([3, 3, 3, 64]);
    expect(Array.from(read.kernel.subarray(0, 4))).toEqual([1, -2, 0.333251953125, 2 ** -24]);
    expect(read.kernel[1727]).toBe(2 ** -24);
    expect(read.bias[63]).toBe(0.25);
  });
});

describe('readKerasH5 refuses unusable files with a WeightsError that says why', () => {
  const dir = suiteTempDir('filmroom-weights-');

  async function failure(file: string, upTo?: string): Promise<WeightsError> {
    const error = await readKerasH5(file, upTo ? { upTo } : {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    return error as WeightsError;
  }

  it('a file cut in half: truncated, named', async () => {
    const file = path.join(dir, 'cut.h5');
    await writeLayout(file, 'tf-keras-2', patternWeights('block2_pool'));
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
    const error = await failure(file, 'block2_pool');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/truncated: it has \d+ bytes but its HDF5 header says \d+/);
  });

  it('a missing layer: named, with the cut the file could serve', async () => {
    const file = path.join(dir, 'short.h5');
    await writeLayout(file, 'published', patternWeights('block2_pool'));
    const error = await failure(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('no weights for block3_conv1');
    expect(error.message).toContain('kernel [3,3,128,256]');
    expect(error.message).toContain("upTo 'block2_pool'");
    // The caller can act on it without parsing the message: read again as deep as the file goes.
    expect(error).toBeInstanceOf(MissingLayersError);
    expect((error as MissingLayersError).deepestCut).toBe('block2_pool');
    expect((error as MissingLayersError).missing).toHaveLength(9);
    const partial = await readKerasH5(file, { upTo: (error as MissingLayersError).deepestCut! });
    expect(partial.size).toBe(4);
  });

  it('a wrong shape: names the layer, the found and the expected shape', async () => {
    const file = path.join(dir, 'shape.h5');
    const kernels = new Map([['block3_conv2', { data: new Float32Array(9 * 128 * 256), shape: [3, 3, 128, 256] }]]);
    await writeLayout(file, 'tf-keras-2', patternWeights('block3_pool'), { kernels });
    const error = await failure(file, 'block3_pool');
    expect(error.message).toContain('block3_conv2: kernel has shape [3,3,128,256], expected [3,3,256,256]');
  });

  it('integer weights: not floats', async () => {
    const file = path.join(dir, 'int.h5');
    const kernels = new Map([['block1_conv2', { data: new Int32Array(9 * 64 * 64), shape: [3, 3, 64, 64], dtype: '<i' }]]);
    await writeLayout(file, 'keras-3', patternWeights('block1_pool'), { kernels });
    const error = await failure(file, 'block1_pool');
    expect(error.message).toMatch(/block1_conv2: .* holds int32 values/);
  });

  it('not an HDF5 file, a .keras zip, and no file at all', async () => {
    const junk = path.join(dir, 'junk.h5');
    fs.writeFileSync(junk, 'this is not HDF5, just some bytes');
    expect((await failure(junk)).message).toBe(`${junk}: not an HDF5 file (no HDF5 signature)`);
    const zip = path.join(dir, 'model.keras');
    fs.writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]));
    expect((await failure(zip)).message).toContain('a zip archive (a Keras 3 .keras model?)');
    const none = path.join(dir, 'none.h5');
    expect((await failure(none)).message).toBe(`${none}: file not found`);
  });
});
