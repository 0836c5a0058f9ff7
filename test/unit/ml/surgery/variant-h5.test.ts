/**
 * Weight sets after layer surgery written as Keras .h5 and read back: tf.keras 2's layout in the
 * variant's own architecture, every weight bit for bit; plain VGG16 sets keep VGG16's rules.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeConvs } from '../../../../main/ml/surgery/compose-kernels.js';
import { insertIdentityLayer } from '../../../../main/ml/surgery/insert-layer.js';
import { block1ReplacedSet } from '../../../../main/ml/surgery/variant-backbone.js';
import { stringListAttribute, withH5File } from '../../../../main/ml/weights/h5-file.js';
import { readKerasH5, readVariantKerasH5 } from '../../../../main/ml/weights/keras-h5-read.js';
import { writeKerasH5 } from '../../../../main/ml/weights/keras-h5-write.js';
import { deepestVggLayer } from '../../../../main/ml/vgg16/variants.js';
import { randomWeights } from '../../../../main/ml/weights/random-weights.js';
import type { WeightSet } from '../../../../main/ml/weights/weight-set.js';
import { tempDir } from '../../../helpers/temp.js';

function expectBitIdentical(actual: WeightSet, expected: WeightSet): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, w] of expected) {
    const got = actual.get(name)!;
    expect(got.kernelShape, name).toEqual(w.kernelShape);
    expect(Buffer.from(got.kernel.buffer, got.kernel.byteOffset, got.kernel.byteLength).equals(Buffer.from(w.kernel.buffer, w.kernel.byteOffset, w.kernel.byteLength)), `${name} kernel`).toBe(true);
    expect(Buffer.from(got.bias.buffer, got.bias.byteOffset, got.bias.byteLength).equals(Buffer.from(w.bias.buffer, w.bias.byteOffset, w.bias.byteLength)), `${name} bias`).toBe(true);
  }
}

async function rootLayerNames(file: string): Promise<string[] | undefined> {
  return withH5File(file, 'r', (h5) => stringListAttribute(h5, 'layer_names'));
}

describe('weight sets after layer surgery, as Keras .h5', () => {
  const dir = tempDir();
  const original = randomWeights(5);
  const conv5x5 = composeConvs(original.get('block1_conv1')!, original.get('block1_conv2')!);

  it('writes block1_conv5x5 in place of block1 with tf.keras 2 layer names, and reads back every weight bit for bit', async () => {
    const edited = block1ReplacedSet(original, conv5x5);
    const file = path.join(dir, 'b1.h5');
    await writeKerasH5(edited, file);
    expect(await rootLayerNames(file)).toEqual([
      'input_1', 'block1_conv5x5', 'block1_pool', 'block2_conv1', 'block2_conv2', 'block2_pool', 'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
      'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool', 'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
    ]);
    const read = await readVariantKerasH5(file);
    expectBitIdentical(read.weights, edited);
    expect(read.weights.get('block1_conv5x5')!.kernelShape).toEqual([5, 5, 3, 64]);
    // Every layer after block1 is the input set's, untouched.
    const { block1_conv1: _a, block1_conv2: _b, ...rest } = Object.fromEntries(original);
    expectBitIdentical(new Map([...read.weights].filter(([name]) => name !== 'block1_conv5x5')), new Map(Object.entries(rest)));
    expect(read.layers.map((l) => l.name).slice(0, 3)).toEqual(['block1_conv5x5', 'block1_pool', 'block2_conv1']);
  });

  it('writes a partial edited set up to the pool after its last conv', async () => {
    const partial = block1ReplacedSet(randomWeights(5, 'block2_pool'), conv5x5);
    const file = path.join(dir, 'b2.h5');
    await writeKerasH5(partial, file);
    expect(await rootLayerNames(file)).toEqual(['input_1', 'block1_conv5x5', 'block1_pool', 'block2_conv1', 'block2_conv2', 'block2_pool']);
    expectBitIdentical((await readVariantKerasH5(file)).weights, partial);
  });

  it('writes an inserted layer right after the layer it follows', async () => {
    const { weights, name } = insertIdentityLayer(randomWeights(5, 'block3_pool'), 'block3_conv3', 1);
    expect(name).toBe('block3_conv3_insert1x1');
    const file = path.join(dir, 'ins.h5');
    await writeKerasH5(weights, file);
    expect((await rootLayerNames(file))!.slice(-3)).toEqual(['block3_conv3', 'block3_conv3_insert1x1', 'block3_pool']);
    const read = await readVariantKerasH5(file);
    expectBitIdentical(read.weights, weights);
    expect(read.weights.get(name)!.kernelShape).toEqual([1, 1, 256, 256]);
  });

  it('refuses a set with a gap or a wrong shape, naming the layer', async () => {
    const gap = new Map(block1ReplacedSet(original, conv5x5));
    gap.delete('block2_conv2');
    await expect(writeKerasH5(gap, path.join(dir, 'gap.h5'))).rejects.toThrow(/has block5_conv3 but not block2_conv2/);
    const wrong = new Map(block1ReplacedSet(original, { ...conv5x5, kernelShape: [3, 3, 3, 64] }));
    await expect(writeKerasH5(wrong, path.join(dir, 'wrong.h5'))).rejects.toThrow(/block1_conv5x5: kernel has shape \[3,3,3,64\], expected \[5,5,3,64\]/);
    await expect(writeKerasH5(new Map([['block9_conv1', conv5x5]]), path.join(dir, 'foreign.h5'))).rejects.toThrow(/not VGG16 conv layers: block9_conv1/);
    // Two layers after one: the names do not say which comes first, so the set is refused, not guessed.
    const once = insertIdentityLayer(randomWeights(5, 'block3_pool'), 'block3_conv3', 1).weights;
    const twice = insertIdentityLayer(once, 'block3_conv3', 3).weights;
    await expect(writeKerasH5(twice, path.join(dir, 'twice.h5'))).rejects.toThrow(/two layers are inserted after block3_conv3/);
  });

  it('leaves plain VGG16 sets as they were, and the plain reader does not take an edited file', async () => {
    const file = path.join(dir, 'plain.h5');
    await writeKerasH5(original, file);
    expect((await rootLayerNames(file))!.slice(0, 4)).toEqual(['input_1', 'block1_conv1', 'block1_conv2', 'block1_pool']);
    expectBitIdentical(await readKerasH5(file), original);
    expectBitIdentical((await readVariantKerasH5(file)).weights, original);
    const edited = path.join(dir, 'edited.h5');
    await writeKerasH5(block1ReplacedSet(original, conv5x5), edited);
    await expect(readKerasH5(edited)).rejects.toThrow(/no weights for block1_conv1/);
  });
});

describe('deepestVggLayer', () => {
  it('is the deepest VGG16 layer a plain or an edited set reaches without a gap', () => {
    const plain = randomWeights(1, 'block2_pool');
    expect(deepestVggLayer(plain.keys())).toBe('block2_pool');
    const edited = [...plain.keys()].filter((name) => !name.startsWith('block1_')).concat('block1_conv5x5');
    expect(deepestVggLayer(edited)).toBe('block2_pool');
    expect(deepestVggLayer(['block1_conv5x5'])).toBe('block1_pool');
    // A gap stops it: block2_conv2 missing leaves block2_conv1 as the deepest.
    expect(deepestVggLayer(['block1_conv5x5', 'block2_conv1', 'block3_conv1'])).toBe('block2_conv1');
    expect(deepestVggLayer(['block2_conv1'])).toBeUndefined();
  });
});
