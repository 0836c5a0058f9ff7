/**
 * Writes a weight set as tf.keras 2's `save_weights` does in HDF5 (keras/saving/legacy/
 * hdf5_format.py, `save_weights_to_hdf5_group`), so that `model.load_weights(file, by_name=True)`
 * loads it into Keras's VGG16 (tf.keras 2, and Keras 3 through its legacy h5 loader):
 *
 *   /                         attrs: layer_names = [input_1, block1_conv1, …, blockN_pool]
 *                                    (fixed-length byte strings, as h5py stores numpy 'S'),
 *                                    backend = 'tensorflow', keras_version = KERAS_VERSION
 *   /input_1, /block1_pool …  attr weight_names = [] (float64, shape (0,), as h5py stores [])
 *   /block1_conv1             attr weight_names = ['block1_conv1/kernel:0', 'block1_conv1/bias:0']
 *   /block1_conv1/block1_conv1/kernel:0   float32 [3, 3, 3, 64]  (Keras [kh, kw, in, out])
 *   /block1_conv1/block1_conv1/bias:0     float32 [64]
 *
 * Layer groups are created in name order, as Keras does. A partial set (block1 … blockK) lists
 * the layers up to its last conv and the pool right after it. A set after layer surgery (see
 * ../vgg16/variants.ts) is laid out the same way in its own architecture:
 * layer_names = [input_1, block1_conv5x5, block1_pool, block2_conv1, …], kernel:0 [5, 5, 3, 64].
 */
import path from 'node:path';
import { replaceAtomically } from '../../system/atomic-file.js';
import { writableLayout } from './conv-layers.js';
import { withH5File, type Group, type H5File } from './h5-file.js';
import type { WeightSet } from './weight-set.js';

/** The tf.keras release whose HDF5 layout the writer follows (anything but '1' means "Keras 2 layout"). */
export const KERAS_VERSION = '2.15.0';
export const KERAS_INPUT_NAME = 'input_1';

/** Writes `weights` to `file` (temp file, then rename). Rejects with a WeightsError for a set that is not a prefix of VGG16 or of a VGG16 variant. */
export async function writeKerasH5(weights: WeightSet, file: string): Promise<void> {
  const layerNames = [KERAS_INPUT_NAME, ...writableLayout(weights).layerNames];
  const target = path.resolve(file);
  await replaceAtomically(target, async (temp) => {
    await withH5File(temp, 'w', (h5) => {
      writeStringList(h5, 'layer_names', layerNames);
      writeString(h5, 'backend', 'tensorflow');
      writeString(h5, 'keras_version', KERAS_VERSION);
      for (const name of [...layerNames].sort()) {
        const group = h5.create_group(name);
        const layer = weights.get(name);
        if (!layer) {
          group.create_attribute('weight_names', new Float64Array(0), [0], '<d');
          continue;
        }
        writeStringList(group, 'weight_names', [`${name}/kernel:0`, `${name}/bias:0`]);
        const inner = group.create_group(name);
        inner.create_dataset({ name: 'kernel:0', data: layer.kernel, shape: [...layer.kernelShape], dtype: '<f' });
        inner.create_dataset({ name: 'bias:0', data: layer.bias, shape: [layer.bias.length], dtype: '<f' });
      }
    }, target);
  });
}

/**
 * Fixed-length ASCII strings, one byte longer than the longest name so each keeps a terminating
 * NUL whatever padding a reader assumes (numpy strips trailing NULs from 'S' values).
 */
function writeStringList(target: Group | H5File, name: string, values: readonly string[]): void {
  const width = Math.max(1, ...values.map((v) => Buffer.byteLength(v))) + 1;
  target.create_attribute(name, [...values], [values.length], `A${width}`);
}

function writeString(target: Group | H5File, name: string, value: string): void {
  target.create_attribute(name, value, null, `A${Buffer.byteLength(value) + 1}`);
}
