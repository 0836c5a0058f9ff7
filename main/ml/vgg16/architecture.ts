/**
 * VGG16's convolutional base as Keras builds it (`keras.applications.VGG16(include_top=False)`),
 * with Keras's exact layer names, so weight files load by name. Pure data: the TensorFlow.js model,
 * the ONNX graph and the weight readers are all built from this one list.
 */

export type VggLayer =
  | { readonly name: string; readonly kind: 'conv'; readonly block: number; readonly inChannels: number; readonly filters: number; readonly kernel: 3 }
  | { readonly name: string; readonly kind: 'pool'; readonly block: number };

const BLOCKS: readonly (readonly [block: number, convs: number, filters: number])[] = [
  [1, 2, 64],
  [2, 2, 128],
  [3, 3, 256],
  [4, 3, 512],
  [5, 3, 512],
];

function buildLayers(): VggLayer[] {
  const layers: VggLayer[] = [];
  let channels = 3;
  for (const [block, convs, filters] of BLOCKS) {
    for (let i = 1; i <= convs; i++) {
      layers.push({ name: `block${block}_conv${i}`, kind: 'conv', block, inChannels: channels, filters, kernel: 3 });
      channels = filters;
    }
    layers.push({ name: `block${block}_pool`, kind: 'pool', block });
  }
  return layers;
}

/** The 18 layers after the input, in order: 13 convolutions (3×3, same padding, ReLU) and 5 max-pools (2×2, stride 2). */
export const VGG16_LAYERS: readonly VggLayer[] = buildLayers();

export const VGG16_LAYER_NAMES: readonly string[] = VGG16_LAYERS.map((layer) => layer.name);

export type VggConvLayer = Extract<VggLayer, { kind: 'conv' }>;
export const VGG16_CONV_LAYERS: readonly VggConvLayer[] = VGG16_LAYERS.filter((l): l is VggConvLayer => l.kind === 'conv');

/** Keras 'caffe' preprocessing: RGB → BGR, then subtract the ImageNet channel means (B, G, R order). */
export const IMAGENET_BGR_MEANS = [103.939, 116.779, 123.68] as const;

/** The layers up to and including `cut`; throws with the valid names if `cut` is not one. */
export function layersUpTo(cut: string): VggLayer[] {
  const index = VGG16_LAYER_NAMES.indexOf(cut);
  if (index < 0) throw new RangeError(`"${cut}" is not a VGG16 layer. Choose one of: ${VGG16_LAYER_NAMES.join(', ')}.`);
  return VGG16_LAYERS.slice(0, index + 1);
}

/** The cut layer's output shape [height, width, channels] for an S×S input. */
export function outputShape(cut: string, size: number): [number, number, number] {
  let side = size;
  let channels = 3;
  for (const layer of layersUpTo(cut)) {
    if (layer.kind === 'conv') channels = layer.filters;
    else side = Math.floor(side / 2);
  }
  return [side, side, channels];
}
