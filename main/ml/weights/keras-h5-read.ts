/**
 * Reads VGG16 conv weights from any Keras HDF5 weight or model file (see keras-h5-locate.ts for
 * the layouts), by layer name. Layers that are not VGG16 convs (`input_1`, pools, `fc1`,
 * `predictions`, a head) are ignored.
 */
import path from 'node:path';
import { convsOf, isVariantConvName, variantLayers, type ConvSpec, type NetLayer } from '../vgg16/variants.js';
import { FULL_CUT, checkShapes, convLayersUpTo, missingLayersError, type ReadWeightsOptions } from './conv-layers.js';
import { describeError, readFloat32, withH5File, type Dataset, type Group } from './h5-file.js';
import { convDatasets, locateConvGroups } from './keras-h5-locate.js';
import { WeightsError, type ConvWeights, type WeightSet } from './weight-set.js';

/**
 * The conv layers up to `options.upTo` (default all 13), kernels in Keras's [kh, kw, in, out]
 * layout. Rejects with a WeightsError naming the file (and the layer and shapes where one is at
 * fault) for a missing, truncated or corrupt file, a wrong shape or non-float data (float16 and
 * float64 are converted to float32); missing layers reject with a MissingLayersError, which
 * also says how deep the file goes.
 */
export async function readKerasH5(file: string, options: ReadWeightsOptions = {}): Promise<WeightSet> {
  const layers = convLayersUpTo(options.upTo ?? FULL_CUT);
  const resolved = path.resolve(file);
  return withH5File(resolved, 'r', (h5, module) => {
    const groups = locateConvGroups(h5);
    const missing = layers.filter((layer) => !groups.has(layer.name));
    if (missing.length > 0) throw missingLayersError(missing, new Set(groups.keys()));
    const weights = new Map<string, ConvWeights>();
    for (const layer of layers) {
      weights.set(layer.name, readLayer(layer, groups.get(layer.name)!, (d) => readFloat32(d, module)));
    }
    return weights;
  });
}

function readLayer(layer: ConvSpec, group: Group, read: (dataset: Dataset) => Float32Array): ConvWeights {
  try {
    const { kernel, bias } = convDatasets(group);
    const kernelShape = kernel.shape ?? [];
    checkShapes(layer, kernelShape, bias.shape ?? []);
    const kernelValues = read(kernel);
    const biasValues = read(bias);
    if (kernelValues.length !== kernelShape.reduce((a, b) => a * b, 1) || biasValues.length !== layer.filters) {
      throw new WeightsError('the file holds fewer values than its shapes say');
    }
    const [kh, kw, inChannels, filters] = kernelShape as [number, number, number, number];
    return { kernel: kernelValues, kernelShape: [kh, kw, inChannels, filters], bias: biasValues };
  } catch (error) {
    if (error instanceof WeightsError && error.message.startsWith(`${layer.name}:`)) throw error;
    throw new WeightsError(`${layer.name}: ${describeError(error)}`, { cause: error });
  }
}

/** A weight set after layer surgery and its architecture (to block5_pool). */
export interface VariantWeights {
  readonly weights: WeightSet;
  readonly layers: NetLayer[];
}

/**
 * Reads a Keras HDF5 file of VGG16 or of a VGG16 variant (`block1_conv5x5`, inserted layers: see
 * ../vgg16/variants.ts), as writeKerasH5 writes either: every conv the file holds, which must run
 * from the network's first conv without gaps, shapes checked against the architecture the names
 * give. Rejects with a WeightsError naming the file.
 */
export async function readVariantKerasH5(file: string): Promise<VariantWeights> {
  const resolved = path.resolve(file);
  return withH5File(resolved, 'r', (h5, module) => {
    const groups = locateConvGroups(h5, isVariantConvName);
    let layers: NetLayer[];
    try {
      layers = variantLayers(groups.keys());
    } catch (error) {
      throw new WeightsError(describeError(error), { cause: error });
    }
    const convs = convsOf(layers);
    const count = convs.findIndex((l) => !groups.has(l.name));
    const held = count < 0 ? convs : convs.slice(0, count);
    const stray = convs.slice(held.length).filter((l) => groups.has(l.name));
    if (held.length === 0) throw new WeightsError(`no weights for ${convs[0]!.name}, the network's first conv`);
    if (stray.length > 0) {
      throw new WeightsError(`the file has ${stray[0]!.name} but not ${convs[held.length]!.name}: the layers must run from ${convs[0]!.name} without gaps`);
    }
    const weights = new Map<string, ConvWeights>();
    for (const layer of held) weights.set(layer.name, readLayer(layer, groups.get(layer.name)!, (d) => readFloat32(d, module)));
    return { weights, layers };
  });
}
