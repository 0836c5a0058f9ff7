/**
 * The geometry both convolution gradients share, from the attrs TensorFlow.js's conv2d gradient
 * passes (`strides`, `pad`, `dataFormat`, `dimRoundingMode`, plus `filterShape` or `inputShape`).
 * Padding and output size come from tfjs's own computeConv2DInfo, so 'same', 'valid', a number and
 * explicit pads mean exactly what they mean in the forward conv.
 */
import * as tf from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

export interface ConvGradAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Not among tfjs's attrs (its gradient refuses dilation first); checked in case a caller adds it. */
  readonly dilations?: number | [number, number];
}

export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** Checks what these kernels support, naming the bad value, and returns the geometry. */
export function convGeometry(kernelName: string, inShape: readonly number[], filterShape: readonly number[], attrs: ConvGradAttrs): ConvGeometry {
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} on wasm supports dataFormat 'NHWC' only, got '${String(attrs.dataFormat)}'.`);
  }
  const dilations = attrs.dilations ?? 1;
  if (!(Array.isArray(dilations) ? dilations : [dilations]).every((d) => d === 1)) {
    throw new Error(`${kernelName} on wasm supports dilation 1 only, got ${JSON.stringify(dilations)}.`);
  }
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernelName} needs a 4-D input and filter, got shapes [${inShape.join(', ')}] and [${filterShape.join(', ')}].`);
  }
  const info = tf.backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  if (info.outHeight <= 0 || info.outWidth <= 0) {
    throw new Error(`${kernelName}: the filter [${filterShape.join(', ')}] does not fit the input [${inShape.join(', ')}] with these pads.`);
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Checks that dy has the conv's output shape [N, OH, OW, OC]. */
export function checkDyShape(kernelName: string, dy: tf.TensorInfo, g: ConvGeometry): void {
  const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
  if (dy.shape.length !== 4 || dy.shape.some((size, i) => size !== expected[i])) {
    throw new Error(`${kernelName}: dy has shape [${dy.shape.join(', ')}], the conv's output is [${expected.join(', ')}].`);
  }
}

export function checkFloat32(kernelName: string, ...tensors: tf.TensorInfo[]): void {
  const other = tensors.find((t) => t.dtype !== 'float32');
  if (other) throw new Error(`${kernelName} on wasm supports float32 only, got ${other.dtype}.`);
}

/**
 * The output columns ow in [lo, hi] whose input column ow·stride + f − pad lies inside [0, size):
 * outside it the filter tap reads padding (zeros).
 */
export function validOutputRange(f: number, pad: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - f) / stride));
  const hi = Math.min(outSize - 1, Math.floor((size - 1 + pad - f) / stride));
  return [lo, hi];
}

/**
 * How many output rows (of N·OH) to treat at once so that an im2col block of `floatsPerRow` floats
 * per row stays under `maxFloats`: the whole batch for small convs, slices of it for VGG at 224.
 */
export function rowsPerChunk(totalRows: number, floatsPerRow: number, maxFloats: number): number {
  return Math.max(1, Math.min(totalRows, Math.floor(maxFloats / Math.max(1, floatsPerRow))));
}

/** Default cap on an im2col block: 16 M floats (64 MB of wasm heap). */
export const DEFAULT_MAX_COLUMN_FLOATS = 16 * 1024 * 1024;
