/**
 * LSTM, GRU and Bidirectional layers that are TensorFlow.js's own (same class names, config,
 * weights, initialisers, masking and output shapes: weights saved from one load into the other),
 * with a faster call on the wasm and cpu backends:
 *
 *   z = x·W + b for all T steps as one matrix product (instead of one per step),
 *   then the recurrence as one operation with a hand-written gradient (./recurrent-op.ts).
 *
 * They are subclasses of tfjs's LSTM, GRU and Bidirectional (taken from its serialization
 * registry, as the package does not export the classes). Whatever the fused call does not cover
 * (dropout inside the cell, other activations, no bias, stateful layers, initial states,
 * returnState, other backends such as tfjs-node's) runs tfjs's own call unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { GATES, recurrentSequence, type RecurrentCell } from './recurrent-op.js';

type LstmLayer = ReturnType<typeof tf.layers.lstm>;
type GruLayer = ReturnType<typeof tf.layers.gru>;
type BidirectionalLayer = ReturnType<typeof tf.layers.bidirectional>;
export type LstmArgs = Parameters<typeof tf.layers.lstm>[0];
export type GruArgs = Parameters<typeof tf.layers.gru>[0];
export type BidirectionalArgs = Parameters<typeof tf.layers.bidirectional>[0];
type Kwargs = Parameters<LstmLayer['call']>[1];

/** A class TensorFlow.js registered for deserialisation under `className`. */
function stockClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`TensorFlow.js has no layer class '${className}' registered: its version may have changed.`);
  return entry[0] as unknown as T;
}

/** The parts of tfjs's LSTMCell/GRUCell the fused call reads (declared public in tfjs-layers). */
interface CellView {
  readonly units: number;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly useBias?: boolean;
  readonly activation: { getClassName(): string };
  readonly recurrentActivation: { getClassName(): string };
  readonly kernel: tf.LayerVariable;
  readonly recurrentKernel: tf.LayerVariable;
  readonly bias: tf.LayerVariable | null;
}

interface RecurrentView {
  readonly cell: unknown;
  readonly goBackwards: boolean;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly stateful: boolean;
}

/** Backends the fused call is for: wasm (XNNPACK products) and cpu (plain loops). */
const FUSED_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * The layer's output by the fused path, or null where it does not apply (the caller then runs
 * tfjs's own call).
 */
function fusedCall(layer: RecurrentView, kind: RecurrentCell, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | null {
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
  if (x === null || x.rank !== 3 || x.dtype !== 'float32') return null;
  if (!FUSED_BACKENDS.has(tf.getBackend())) return null;
  if (layer.stateful || layer.returnState || (kwargs?.['initialState'] ?? null) !== null) return null;
  const cell = layer.cell as CellView;
  const applies = (rate: number) => rate > 0 && rate < 1;
  if (applies(cell.dropout) || applies(cell.recurrentDropout)) return null;
  if (cell.activation.getClassName() !== 'tanh' || cell.recurrentActivation.getClassName() !== 'hardSigmoid') return null;
  if (cell.useBias === false || !cell.bias) return null;
  const rawMask = kwargs?.['mask'] as tf.Tensor | tf.Tensor[] | null | undefined;
  const mask = Array.isArray(rawMask) ? (rawMask[0] ?? null) : (rawMask ?? null);
  const bias = cell.bias;
  return tf.tidy(() => {
    const [B, T, D] = x.shape as [number, number, number];
    const width = GATES[kind] * cell.units;
    // One product for all steps; XNNPACK on wasm. Its gradients (dW, and dx only where something
    // trainable lies below) come from tfjs's matMul and add.
    const projected = tf.add(tf.matMul(tf.reshape(x, [B * T, D]), cell.kernel.read()), bias.read());
    const z = tf.reshape(projected, [B, T, width]) as tf.Tensor3D;
    return recurrentSequence(kind, z, cell.recurrentKernel.read() as tf.Tensor2D, mask, {
      goBackwards: layer.goBackwards,
      returnSequences: layer.returnSequences,
    });
  });
}

const StockLSTM = stockClass<new (args: LstmArgs) => LstmLayer>('LSTM');
const StockGRU = stockClass<new (args: GruArgs) => GruLayer>('GRU');
const StockBidirectional = stockClass<new (args: BidirectionalArgs) => BidirectionalLayer>('Bidirectional');

export class FusedLSTM extends StockLSTM {
  // Reads as Keras's LSTM in summaries, layer names and saved topologies.
  static readonly className = 'LSTM';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this as unknown as RecurrentView, 'lstm', inputs, kwargs) ?? super.call(inputs, kwargs);
  }
}

export class FusedGRU extends StockGRU {
  static readonly className = 'GRU';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this as unknown as RecurrentView, 'gru', inputs, kwargs) ?? super.call(inputs, kwargs);
  }
}

/**
 * tfjs's Bidirectional rebuilds its two layers from the wrapped layer's class name, which would
 * give stock layers: this one puts fused ones in their place, built from the same config.
 */
export class FusedBidirectional extends StockBidirectional {
  static readonly className = 'Bidirectional';

  constructor(args: BidirectionalArgs) {
    super(args);
    const config = args.layer.getConfig();
    const make = (goBackwards: boolean): tf.layers.Layer => {
      const layerConfig = { ...config, goBackwards } as LstmArgs & GruArgs;
      return args.layer.getClassName() === 'GRU' ? new FusedGRU(layerConfig) : new FusedLSTM(layerConfig);
    };
    const wrapped = args.layer as unknown as RecurrentView;
    const self = this as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
    self.forwardLayer = make(wrapped.goBackwards);
    self.backwardLayer = make(!wrapped.goBackwards);
    self.forwardLayer.name = `forward_${self.forwardLayer.name}`;
    self.backwardLayer.name = `backward_${self.backwardLayer.name}`;
  }
}

export const fusedLstm = (args: LstmArgs): LstmLayer => new FusedLSTM(args);
export const fusedGru = (args: GruArgs): GruLayer => new FusedGRU(args);
export const fusedBidirectional = (args: BidirectionalArgs): BidirectionalLayer => new FusedBidirectional(args);
