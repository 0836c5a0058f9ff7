/**
 * Weight files in each layout Keras has written, made with h5wasm directly (not with the code
 * under test), and deterministic weight values to put in them.
 *
 * Layouts (see main/ml/weights/keras-h5-locate.ts for the sources):
 * - 'published': Keras 1 era, as in vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5:
 *   /<layer> with weight_names [<layer>_W_1:0, <layer>_b_1:0], datasets directly inside.
 * - 'tf-keras-2': /<layer> with weight_names [<layer>/kernel:0, <layer>/bias:0], datasets at
 *   /<layer>/<layer>/kernel:0; root attrs layer_names, backend, keras_version.
 * - 'whole-model': the tf.keras 2 layout under /model_weights, plus model_config and optimizer state.
 * - 'keras-3': /layers/<class key>/vars/0 and /1 (conv2d, conv2d_1, …), optionally with the
 *   layer name in the vars group's `name` attribute (recent Keras 3), or keyed by layer name.
 */
import fs from 'node:fs';
import h5wasm, { type File as H5File, type Group as H5Group } from 'h5wasm/node';
import { VGG16_CONV_LAYERS, VGG16_LAYERS, layersUpTo, type VggConvLayer } from '../../main/ml/vgg16/architecture.js';
import type { ConvWeights, WeightSet } from '../../main/ml/weights/weight-set.js';

type H5Target = H5Group | H5File;

/** Small values, a different pattern per layer and salt, independent of randomWeights. */
export function patternWeights(upTo = 'block5_pool', salt = 0): Map<string, ConvWeights> {
  const weights = new Map<string, ConvWeights>();
  layersUpTo(upTo).forEach((layer, l) => {
    if (layer.kind !== 'conv') return;
    const shape = [3, 3, layer.inChannels, layer.filters] as const;
    const kernel = new Float32Array(9 * layer.inChannels * layer.filters);
    for (let i = 0; i < kernel.length; i++) kernel[i] = Math.sin(i * 0.7311 + l * 1.37 + salt) * 0.05;
    const bias = new Float32Array(layer.filters);
    for (let i = 0; i < bias.length; i++) bias[i] = ((i % 7) - 3) * 0.01 + l * 0.001 + salt;
    weights.set(layer.name, { kernel, kernelShape: shape, bias });
  });
  return weights;
}

export type KerasLayout = 'published' | 'tf-keras-2' | 'whole-model' | 'keras-3' | 'keras-3-named' | 'keras-3-by-layer-name';

export interface LayoutOptions {
  /** Dataset type for the weights: '<f' (default) or '<d'. */
  readonly dtype?: '<f' | '<d';
  /** Overrides the stored kernel of a layer (a wrong shape, say). */
  readonly kernels?: ReadonlyMap<string, { data: Float32Array | Float64Array | Int32Array; shape: number[]; dtype?: string }>;
  /** Keras 3: number the conv2d keys in reverse layer order, so that only a name attribute tells them apart. */
  readonly reverseConvKeys?: boolean;
}

export async function writeLayout(file: string, layout: KerasLayout, weights: WeightSet, options: LayoutOptions = {}): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'w');
  try {
    if (layout === 'published') writeLegacy(f, weights, options, (n) => [`${n}_W_1:0`, `${n}_b_1:0`], false);
    else if (layout === 'tf-keras-2') writeLegacy(f, weights, options, (n) => [`${n}/kernel:0`, `${n}/bias:0`], true);
    else if (layout === 'whole-model') {
      f.create_attribute('model_config', JSON.stringify({ class_name: 'Functional', config: { name: 'vgg16' } }));
      f.create_attribute('keras_version', '2.15.0');
      const mw = f.create_group('model_weights');
      writeLegacy(mw, weights, options, (n) => [`${n}/kernel:0`, `${n}/bias:0`], true);
      // Optimizer state has groups named after the layers too: a reader must not take them.
      const opt = f.create_group('optimizer_weights');
      const adam = opt.create_group('training').create_group('Adam');
      const decoy = adam.create_group('block1_conv1').create_group('kernel');
      decoy.create_dataset({ name: 'm:0', data: new Float32Array(9 * 3 * 64).fill(99), shape: [3, 3, 3, 64], dtype: '<f' });
    } else writeKeras3(f, weights, options, layout);
  } finally {
    f.close();
  }
}

function kernelData(layer: VggConvLayer, w: ConvWeights, options: LayoutOptions) {
  const override = options.kernels?.get(layer.name);
  if (override) return { data: override.data, shape: override.shape, dtype: override.dtype ?? options.dtype ?? '<f' };
  return { data: options.dtype === '<d' ? Float64Array.from(w.kernel) : w.kernel, shape: [...w.kernelShape], dtype: options.dtype ?? '<f' };
}

function biasData(w: ConvWeights, options: LayoutOptions) {
  return { data: options.dtype === '<d' ? Float64Array.from(w.bias) : w.bias, shape: [w.bias.length], dtype: options.dtype ?? '<f' };
}

/** A dataset at a relative path, creating the groups on the way (h5py does; h5wasm does not). */
function dataset(target: H5Target, name: string, spec: { data: Float32Array | Float64Array | Int32Array; shape: number[]; dtype: string }): void {
  const parts = name.split('/');
  let group: H5Target = target;
  for (const part of parts.slice(0, -1)) {
    const existing = group.get(part);
    group = existing instanceof h5wasm.Group ? existing : group.create_group(part);
  }
  group.create_dataset({ name: parts[parts.length - 1]!, ...spec });
  if (!(target.get(name) instanceof h5wasm.Dataset)) throw new Error(`could not create ${target.path}/${name}`);
}

function strings(target: H5Target, name: string, values: string[]): void {
  const width = Math.max(1, ...values.map((v) => v.length));
  target.create_attribute(name, values, [values.length], `A${width}`);
}

function writeLegacy(root: H5Target, weights: WeightSet, options: LayoutOptions, names: (layer: string) => [string, string], keras2: boolean): void {
  const convs = VGG16_CONV_LAYERS.filter((l) => weights.has(l.name));
  const layerNames = ['input_1', ...VGG16_LAYERS.filter((l) => l.kind === 'pool' || weights.has(l.name)).map((l) => l.name), 'fc1'];
  strings(root, 'layer_names', layerNames);
  if (keras2) {
    root.create_attribute('backend', 'tensorflow', null, 'A10');
    root.create_attribute('keras_version', '2.15.0', null, 'A6');
  }
  for (const name of layerNames) {
    const group = root.create_group(name);
    const layer = convs.find((l) => l.name === name);
    if (name === 'fc1') {
      strings(group, 'weight_names', ['fc1/kernel:0', 'fc1/bias:0']);
      const inner = group.create_group('fc1');
      inner.create_dataset({ name: 'kernel:0', data: new Float32Array(8 * 4), shape: [8, 4], dtype: '<f' });
      inner.create_dataset({ name: 'bias:0', data: new Float32Array(4), shape: [4], dtype: '<f' });
      continue;
    }
    if (!layer) {
      group.create_attribute('weight_names', new Float64Array(0), [0], '<d');
      continue;
    }
    const [kernelName, biasName] = names(name);
    strings(group, 'weight_names', [kernelName, biasName]);
    const w = weights.get(name)!;
    dataset(group, kernelName, kernelData(layer, w, options));
    dataset(group, biasName, biasData(w, options));
  }
}

function writeKeras3(f: H5File, weights: WeightSet, options: LayoutOptions, layout: KerasLayout): void {
  f.create_group('vars');
  const layers = f.create_group('layers');
  const counters = new Map<string, number>();
  const key = (cls: string): string => {
    const n = counters.get(cls) ?? 0;
    counters.set(cls, n + 1);
    return n === 0 ? cls : `${cls}_${n}`;
  };
  const named = layout === 'keras-3-named';
  const input = layers.create_group(key('input_layer')).create_group('vars');
  if (named) strings(input, 'name', ['input_layer']);
  const convCount = VGG16_CONV_LAYERS.filter((l) => weights.has(l.name)).length;
  let conv = 0;
  for (const layer of VGG16_LAYERS) {
    if (layer.kind === 'conv' && !weights.has(layer.name)) break;
    let groupKey = layout === 'keras-3-by-layer-name' ? layer.name : key(layer.kind === 'conv' ? 'conv2d' : 'max_pooling2d');
    if (layer.kind === 'conv' && options.reverseConvKeys) {
      const n = convCount - 1 - conv++;
      groupKey = n === 0 ? 'conv2d' : `conv2d_${n}`;
    }
    const vars = layers.create_group(groupKey).create_group('vars');
    if (named) strings(vars, 'name', [layer.name]);
    if (layer.kind !== 'conv') continue;
    const w = weights.get(layer.name)!;
    dataset(vars, '0', kernelData(layer, w, options));
    dataset(vars, '1', biasData(w, options));
  }
  const optimizer = f.create_group('optimizer').create_group('vars');
  optimizer.create_dataset({ name: '0', data: new Float32Array([1]), shape: [1], dtype: '<f' });
}

/** Bit-for-bit equality of two weight sets (same layers, shapes, and float32 bit patterns). */
export function sameBits(a: WeightSet, b: WeightSet): boolean {
  if (a.size !== b.size) return false;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || x.kernelShape.join() !== y.kernelShape.join()) return false;
    if (!Buffer.from(x.kernel.buffer, x.kernel.byteOffset, x.kernel.byteLength).equals(Buffer.from(y.kernel.buffer, y.kernel.byteOffset, y.kernel.byteLength))) return false;
    if (!Buffer.from(x.bias.buffer, x.bias.byteOffset, x.bias.byteLength).equals(Buffer.from(y.bias.buffer, y.bias.byteOffset, y.bias.byteLength))) return false;
  }
  return true;
}

/**
 * A file whose block1_conv1 kernel is float16, which h5wasm cannot write: it is written as a
 * float32 [3,3,3,32] dataset holding the 1728 halves' bytes, then the dataset's dataspace
 * message is patched to [3,3,3,64] and its datatype message to IEEE binary16 (both messages
 * keep their sizes; version-1 object headers, from libver 'earliest', carry no checksum).
 * The bias stays float32 [64].
 */
export async function writeFloat16KernelFile(file: string, halves: Uint16Array, bias: Float32Array): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'w', { libver: ['earliest', 'v108'] });
  try {
    const g = f.create_group('block1_conv1');
    g.create_dataset({ name: 'kernel:0', data: new Float32Array(halves.buffer.slice(0)), shape: [3, 3, 3, 32], dtype: '<f' });
    g.create_dataset({ name: 'bias:0', data: bias, shape: [64], dtype: '<f' });
  } finally {
    f.close();
  }
  const bytes = fs.readFileSync(file);
  const dims = (d: number[]): Buffer => {
    const b = Buffer.alloc(8 * d.length);
    d.forEach((x, i) => b.writeBigUInt64LE(BigInt(x), i * 8));
    return b;
  };
  const from = dims([3, 3, 3, 32]);
  const first = bytes.indexOf(from);
  if (first < 0) throw new Error('dataspace message not found');
  for (let at = first; at >= 0; at = bytes.indexOf(from, at + 1)) dims([3, 3, 3, 64]).copy(bytes, at); // dims and max dims
  // Datatype message v1, class 1 (float): bit field, size, bit offset, precision, exponent
  // location and size, mantissa location and size, exponent bias.
  const float32 = Buffer.from([0x11, 0x20, 0x1f, 0x00, 4, 0, 0, 0, 0, 0, 32, 0, 23, 8, 0, 23, 127, 0, 0, 0]);
  const float16 = Buffer.from([0x11, 0x20, 0x0f, 0x00, 2, 0, 0, 0, 0, 0, 16, 0, 10, 5, 0, 10, 15, 0, 0, 0]);
  const type = bytes.indexOf(float32, first);
  if (type < 0) throw new Error('datatype message not found');
  float16.copy(bytes, type);
  fs.writeFileSync(file, bytes);
}
