/**
 * What a VGG16 weight set must hold, from the architecture: which conv layers a cut needs and the
 * shape of each kernel and bias. Every reader and writer checks against this one place.
 */
import { VGG16_CONV_LAYERS, VGG16_LAYERS, layersUpTo, type VggConvLayer } from '../vgg16/architecture.js';
import { convsOf, cutAfter, isVariantConvName, layersThrough, variantLayers, type ConvSpec, type NetLayer } from '../vgg16/variants.js';
import { WeightsError, type ConvWeights, type WeightSet } from './weight-set.js';

/** Options shared by the readers. */
export interface ReadWeightsOptions {
  /**
   * The last VGG16 layer the caller needs (a conv or pool name, default 'block5_pool'): every
   * conv up to it must be in the file, and only those are returned. 'block3_pool' accepts a file
   * that holds blocks 1–3 only.
   */
  readonly upTo?: string;
}

export const FULL_CUT = 'block5_pool';

/** The conv layers up to and including `upTo`, in architecture order. */
export function convLayersUpTo(upTo: string = FULL_CUT): VggConvLayer[] {
  return layersUpTo(upTo).filter((layer): layer is VggConvLayer => layer.kind === 'conv');
}

export function expectedKernelShape(layer: ConvSpec): [number, number, number, number] {
  return [layer.kernel, layer.kernel, layer.inChannels, layer.filters];
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws `<layer>: kernel has shape [..], expected [..]` (or the same for the bias) on a mismatch. */
export function checkShapes(layer: ConvSpec, kernelShape: readonly number[], biasShape: readonly number[]): void {
  const kernel = expectedKernelShape(layer);
  if (!sameShape(kernelShape, kernel)) {
    throw new WeightsError(`${layer.name}: kernel has shape ${formatShape(kernelShape)}, expected ${formatShape(kernel)}`);
  }
  if (!sameShape(biasShape, [layer.filters])) {
    throw new WeightsError(`${layer.name}: bias has shape ${formatShape(biasShape)}, expected [${layer.filters}]`);
  }
}

/** Shapes and lengths of one layer's weights, as held in memory. */
export function checkConvWeights(layer: ConvSpec, weights: ConvWeights): void {
  checkShapes(layer, weights.kernelShape, [weights.bias.length]);
  const elements = expectedKernelShape(layer).reduce((a, b) => a * b, 1);
  if (weights.kernel.length !== elements) {
    throw new WeightsError(`${layer.name}: kernel holds ${weights.kernel.length} values, shape ${formatShape(weights.kernelShape)} needs ${elements}`);
  }
}

/**
 * A file lacks conv layers the caller asked for. `deepestCut` is the deepest layer the file does
 * cover (undefined when it has no block1_conv1): reading again with that `upTo` succeeds.
 */
export class MissingLayersError extends WeightsError {
  constructor(
    message: string,
    readonly missing: readonly string[],
    readonly deepestCut: string | undefined,
  ) {
    super(message);
  }

  /** The same error, its message prefixed (with the file's path). */
  prefixed(prefix: string): MissingLayersError {
    return new MissingLayersError(`${prefix}: ${this.message}`, this.missing, this.deepestCut);
  }
}

export function missingLayersError(missing: readonly VggConvLayer[], present: ReadonlySet<string>): MissingLayersError {
  return new MissingLayersError(missingLayersMessage(missing, present), missing.map((l) => l.name), deepestCut(present));
}

/**
 * The message for layers a file lacks: what was expected, what the file has, and the deepest cut
 * that the file could serve (so the caller can ask for a partial backbone instead).
 */
function missingLayersMessage(missing: readonly VggConvLayer[], present: ReadonlySet<string>): string {
  const first = missing[0];
  const expected = first ? `${first.name} (kernel ${formatShape(expectedKernelShape(first))}, bias [${first.filters}])` : '';
  const names = missing.map((l) => l.name);
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  let text = `no weights for ${shown}; expected ${expected}`;
  const cut = deepestCut(present);
  text += cut
    ? `. The file covers the layers up to ${cut}: read it with upTo '${cut}' (or earlier) for a partial backbone`
    : '. The file has none of the VGG16 conv layers (block1_conv1 …)';
  return text;
}

/** The deepest VGG16 layer all of whose convs are in `present` (a pool when a block is complete). */
export function deepestCut(present: ReadonlySet<string>): string | undefined {
  let cut: string | undefined;
  for (const layer of VGG16_LAYERS) {
    if (layer.kind === 'conv' && !present.has(layer.name)) break;
    cut = layer.name;
  }
  return cut;
}

/** The layer a written file ends at: `lastConv`, or the pool right after it when one follows. */
export function cutThrough(lastConv: string): string {
  const index = VGG16_LAYERS.findIndex((l) => l.name === lastConv);
  const next = VGG16_LAYERS[index + 1];
  return next && next.kind === 'pool' ? next.name : lastConv;
}

/**
 * Checks a weight set before it is written: it must be a VGG16 prefix (every conv from
 * block1_conv1 to its last layer, no gaps, no foreign names) with the architecture's shapes.
 * Returns the conv layers in order.
 */
export function checkWritableSet(weights: WeightSet): VggConvLayer[] {
  const known = new Set(VGG16_CONV_LAYERS.map((l) => l.name));
  const foreign = [...weights.keys()].filter((name) => !known.has(name));
  if (foreign.length > 0) {
    throw new WeightsError(`cannot write layers that are not VGG16 conv layers: ${foreign.join(', ')}`);
  }
  const layers = VGG16_CONV_LAYERS.filter((l) => weights.has(l.name));
  const last = layers[layers.length - 1];
  if (!last) throw new WeightsError('the weight set is empty: nothing to write');
  const needed = convLayersUpTo(last.name);
  const gaps = needed.filter((l) => !weights.has(l.name));
  if (gaps.length > 0) {
    throw new WeightsError(`the weight set has ${last.name} but not ${gaps.map((l) => l.name).join(', ')}: a backbone's layers must run from block1_conv1 without gaps`);
  }
  for (const layer of needed) checkConvWeights(layer, weights.get(layer.name)!);
  return needed;
}

/** What a writer lays out: the layer names after the input, and the convs to write in order. */
export interface WritableLayout {
  readonly layerNames: string[];
  readonly convs: readonly ConvSpec[];
}

/**
 * Checks a weight set before it is written and gives its layout. A VGG16 prefix is checked by
 * checkWritableSet and laid out as VGG16. A set with layer surgery (`block1_conv5x5` in place of
 * block1_conv1 and block1_conv2, or an inserted `<after>_insert<k>x<k>`, see ../vgg16/variants.ts)
 * is laid out as its own architecture, under the same rules: every conv from the first to its
 * last, no gaps, the architecture's shapes, the pool after the last conv included.
 */
export function writableLayout(weights: WeightSet): WritableLayout {
  const vggNames = new Set(VGG16_CONV_LAYERS.map((l) => l.name));
  const names = [...weights.keys()];
  // Plain VGG16 sets, and sets with names no variant has (refused there), keep VGG16's checks.
  if (names.every((name) => vggNames.has(name)) || !names.every(isVariantConvName)) {
    const convs = checkWritableSet(weights);
    return { layerNames: layersUpTo(cutThrough(convs[convs.length - 1]!.name)).map((l) => l.name), convs };
  }
  let layers: NetLayer[];
  try {
    layers = variantLayers(weights.keys());
  } catch (error) {
    throw new WeightsError(`cannot write this weight set: ${(error as Error).message}`);
  }
  const convs = convsOf(layers);
  const present = convs.filter((l) => weights.has(l.name));
  const last = present[present.length - 1]!;
  const needed = convs.slice(0, convs.indexOf(last) + 1);
  const gaps = needed.filter((l) => !weights.has(l.name));
  if (gaps.length > 0) {
    throw new WeightsError(`the weight set has ${last.name} but not ${gaps.map((l) => l.name).join(', ')}: a backbone's layers must run from ${needed[0]!.name} without gaps`);
  }
  for (const layer of needed) checkConvWeights(layer, weights.get(layer.name)!);
  return { layerNames: layersThrough(layers, cutAfter(layers, last.name)).map((l) => l.name), convs: needed };
}
