/**
 * A backbone's weights as Keras keeps them, by layer name: each convolution's kernel in Keras's
 * layout [kernelH, kernelW, inChannels, outChannels] (row-major Float32Array) and its bias [out].
 * Every reader produces this and every engine and writer consumes it.
 */
export interface ConvWeights {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly [number, number, number, number];
  readonly bias: Float32Array;
}

export type WeightSet = ReadonlyMap<string, ConvWeights>;

/** A weight file that cannot be used: the message names the file, the layer and the shapes. */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}
