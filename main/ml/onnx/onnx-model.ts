/**
 * The VGG16 conv base as an ONNX model, built from a WeightSet (Keras layout):
 *
 *   frames  uint8 [N, S, S, 3], RGB, NHWC (as the clip cache stores frames)
 *   → Transpose to NCHW → Cast float → Sub the ImageNet means in RGB order (R 123.68, G 116.779, B 103.939)
 *   → block1_conv1 … cut (Conv 3×3, pads 1, + Relu; MaxPool 2×2 stride 2, floor)
 *   → pooling (see ./vgg-spec.ts and ../tfjs/pooling.ts)
 *   → features float [N, D]
 *
 * Keras's 'caffe' preprocessing is BGR − means. Here the RGB→BGR swap is folded, exactly, into
 * block1_conv1's kernel (its input channels are permuted: a pure reordering), while the mean is
 * subtracted on the pixels *before* the convolution's zero padding, so the border pixels see the
 * same zeros as in Keras. (Folding the mean into the bias, −Σ w·mean, would be wrong there: the
 * padded zeros would stand for pixels equal to the mean, not for preprocessed zeros.)
 *
 * Optionally a second output `map`: one layer's output map (post-ReLU for convs), NHWC [N, h, w, c].
 */
import { IMAGENET_BGR_MEANS, outputShape } from '../vgg16/architecture.js';
import type { WeightSet } from '../weights/weight-set.js';
import { DataType, encodeModel, int64Tensor, type OnnxNode, type OnnxTensor } from './onnx-proto.js';
import { checkWeights, DEFAULT_GRID, gridBins, pooledDim, validateCutAndSize, type PoolingMode } from '../vgg16/backbone-spec.js';
import { networkUpTo } from '../vgg16/variants.js';

export const INPUT_NAME = 'frames';
export const FEATURES_NAME = 'features';
export const MAP_NAME = 'map';

export interface VggOnnxOptions {
  readonly weights: WeightSet;
  readonly cut: string;
  readonly size: number;
  readonly pooling: PoolingMode;
  /** The grid side g for pooling 'grid' (default 2). */
  readonly grid?: number;
  /** Also output this layer's map (a layer up to the cut, or the cut) as `map`, NHWC. */
  readonly mapLayer?: string;
  /** A fixed batch size N; default: a symbolic 'N'. */
  readonly batch?: number;
}

export interface VggOnnxModel {
  /** The serialized ModelProto. */
  readonly bytes: Uint8Array;
  readonly featureDim: number;
  /** [h, w, c] of the `map` output when `mapLayer` was given. */
  readonly mapShape?: readonly [number, number, number];
}

export function buildVggOnnxModel(options: VggOnnxOptions): VggOnnxModel {
  const { weights, cut, size, pooling, grid = DEFAULT_GRID, mapLayer, batch } = options;
  validateCutAndSize(cut, size);
  const layers = networkUpTo(weights.keys(), cut);
  const [h, w, c] = outputShape(cut, size);
  const featureDim = pooledDim(pooling, [h, w, c], grid);
  if (mapLayer !== undefined && !layers.some((l) => l.name === mapLayer)) {
    throw new RangeError(`mapLayer must be one of the model's layers (${layers.map((l) => l.name).join(', ')}), got ${JSON.stringify(mapLayer)}`);
  }
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new RangeError(`batch must be a positive integer, got ${String(batch)}`);
  checkWeights(weights, cut);

  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const rgbMeans = Float32Array.from([IMAGENET_BGR_MEANS[2], IMAGENET_BGR_MEANS[1], IMAGENET_BGR_MEANS[0]]);
  initializers.push({ name: 'rgb_means', dims: [1, 3, 1, 1], data: rgbMeans });
  nodes.push(
    { op: 'Transpose', inputs: [INPUT_NAME], outputs: ['frames_nchw'], attributes: { perm: [0, 3, 1, 2] } },
    { op: 'Cast', inputs: ['frames_nchw'], outputs: ['frames_float'], attributes: { to: DataType.FLOAT } },
    { op: 'Sub', inputs: ['frames_float', 'rgb_means'], outputs: ['preprocessed'] },
  );

  let x = 'preprocessed';
  for (const layer of layers) {
    if (layer.kind === 'pool') {
      nodes.push({ op: 'MaxPool', name: layer.name, inputs: [x], outputs: [layer.name], attributes: { kernel_shape: [2, 2], strides: [2, 2] } });
    } else {
      const cw = weights.get(layer.name)!;
      // ONNX input channel i of the first conv is RGB channel i, Keras's BGR channel 2 − i.
      const fromKeras = x === 'preprocessed' ? (i: number) => 2 - i : (i: number) => i;
      initializers.push(
        { name: `${layer.name}_W`, dims: [layer.filters, layer.inChannels, layer.kernel, layer.kernel], data: kerasKernelToOnnx(cw.kernel, cw.kernelShape, fromKeras) },
        { name: `${layer.name}_B`, dims: [layer.filters], data: cw.bias },
      );
      nodes.push(
        { op: 'Conv', name: layer.name, inputs: [x, `${layer.name}_W`, `${layer.name}_B`], outputs: [`${layer.name}_linear`], attributes: { kernel_shape: [layer.kernel, layer.kernel], pads: Array(4).fill((layer.kernel - 1) / 2), strides: [1, 1] } },
        { op: 'Relu', inputs: [`${layer.name}_linear`], outputs: [layer.name] },
      );
    }
    x = layer.name;
  }
  poolingNodes(x, pooling, grid, h, w, nodes, initializers);

  const n = batch ?? 'N';
  const outputs = [{ name: FEATURES_NAME, type: DataType.FLOAT, dims: [n, featureDim] }];
  let mapShape: [number, number, number] | undefined;
  if (mapLayer !== undefined) {
    mapShape = outputShape(mapLayer, size);
    nodes.push({ op: 'Transpose', inputs: [mapLayer], outputs: [MAP_NAME], attributes: { perm: [0, 2, 3, 1] } });
    outputs.push({ name: MAP_NAME, type: DataType.FLOAT, dims: [n, ...mapShape] });
  }
  const bytes = encodeModel({
    name: `vgg16_${cut}_${size}_${pooling}`,
    nodes,
    initializers,
    inputs: [{ name: INPUT_NAME, type: DataType.UINT8, dims: [n, size, size, 3] }],
    outputs,
  }, { docString: `Film Room VGG16 conv base up to ${cut}, ${size}×${size} RGB uint8 in, ${pooling} pooling` });
  return mapShape ? { bytes, featureDim, mapShape } : { bytes, featureDim };
}

/** Appends the nodes that pool `x` (NCHW [N, C, h, w]) into `features` [N, D], D ordered as in Keras (NHWC). */
function poolingNodes(x: string, pooling: PoolingMode, grid: number, h: number, w: number, nodes: OnnxNode[], initializers: OnnxTensor[]): void {
  switch (pooling) {
    case 'avg':
    case 'max':
      nodes.push(
        { op: pooling === 'avg' ? 'GlobalAveragePool' : 'GlobalMaxPool', inputs: [x], outputs: ['pooled'] },
        { op: 'Flatten', inputs: ['pooled'], outputs: [FEATURES_NAME], attributes: { axis: 1 } },
      );
      return;
    case 'none':
      nodes.push(
        { op: 'Transpose', inputs: [x], outputs: ['pooled'], attributes: { perm: [0, 2, 3, 1] } },
        { op: 'Flatten', inputs: ['pooled'], outputs: [FEATURES_NAME], attributes: { axis: 1 } },
      );
      return;
    case 'grid': {
      // One Slice + mean per region, concatenated in (gy, gx) order: features ordered (gy, gx, c).
      initializers.push(int64Tensor('grid_axes', [2, 3]));
      const regions: string[] = [];
      gridBins(h, grid).forEach(([y0, y1], i) => {
        gridBins(w, grid).forEach(([x0, x1], j) => {
          const r = `grid_${i}_${j}`;
          initializers.push(int64Tensor(`${r}_starts`, [y0, x0]), int64Tensor(`${r}_ends`, [y1, x1]));
          nodes.push(
            { op: 'Slice', inputs: [x, `${r}_starts`, `${r}_ends`, 'grid_axes'], outputs: [`${r}_region`] },
            { op: 'ReduceMean', inputs: [`${r}_region`], outputs: [r], attributes: { axes: [2, 3], keepdims: 0 } },
          );
          regions.push(r);
        });
      });
      nodes.push({ op: 'Concat', inputs: regions, outputs: [FEATURES_NAME], attributes: { axis: 1 } });
      return;
    }
  }
}

/**
 * A Keras kernel [kh, kw, in, out] as an ONNX Conv weight [out, in, kh, kw]. ONNX input channel i
 * takes Keras input channel `fromKeras(i)` (identity by default; a permutation reorders inputs).
 */
export function kerasKernelToOnnx(
  kernel: Float32Array,
  [kh, kw, cin, cout]: readonly [number, number, number, number],
  fromKeras: (onnxInput: number) => number = (i) => i,
): Float32Array {
  if (kernel.length !== kh * kw * cin * cout) throw new RangeError(`kernel has ${kernel.length} values, shape [${kh}, ${kw}, ${cin}, ${cout}] needs ${kh * kw * cin * cout}`);
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < cin; i++) {
    const k = fromKeras(i);
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const src = ((y * kw + x) * cin + k) * cout;
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = kernel[src + o]!;
      }
    }
  }
  return out;
}
