/**
 * TensorFlow.js's GaussianNoise layer (same class name and config: x + N(0, stddev²) while training,
 * x itself otherwise), drawing its normal deviates in one tight loop instead of tfjs's randomNormal,
 * which draws each through a seeded generator object: on the demo's head (noise on 8 steps × 4,096
 * features of 16 clips a batch) that took about 0.8 CPU s of a 2 s epoch. tfjs's layer is unseeded
 * (Math.random picks its seed), so nothing reproducible is lost; the deviates come from Math.random by
 * Marsaglia's polar method, exactly normal in distribution.
 */
import * as tf from '@tensorflow/tfjs';

type NoiseLayer = ReturnType<typeof tf.layers.gaussianNoise>;
export type GaussianNoiseArgs = Parameters<typeof tf.layers.gaussianNoise>[0];
type Kwargs = Parameters<NoiseLayer['call']>[1];

const StockGaussianNoise = tf.serialization.SerializationMap.getMap().classNameMap['GaussianNoise']?.[0] as unknown as (new (args: GaussianNoiseArgs) => NoiseLayer) | undefined;
if (!StockGaussianNoise) throw new Error("TensorFlow.js has no layer class 'GaussianNoise' registered: its version may have changed.");

/** `count` independent N(0, stddev²) deviates (Marsaglia's polar method, two per accepted pair). */
export function normalDeviates(count: number, stddev: number, random: () => number = Math.random): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; ) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random() - 1;
      v = 2 * random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = stddev * Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * scale;
    if (i < count) out[i++] = v * scale;
  }
  return out;
}

export class FastGaussianNoise extends StockGaussianNoise {
  static readonly className = 'GaussianNoise';
  private readonly deviation: number;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    this.deviation = args.stddev;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || x.dtype !== 'float32' || !kwargs['training']) return super.call(inputs, kwargs);
    return tf.tidy(() => tf.add(x, tf.tensor(normalDeviates(x.size, this.deviation), x.shape, 'float32')));
  }
}

export const fastGaussianNoise = (args: GaussianNoiseArgs): NoiseLayer => new FastGaussianNoise(args);
