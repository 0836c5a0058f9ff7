/**
 * The transfer models, built from a spec:
 *
 *   frame:  frame [S, S, 3] → VGG16 cut → stack → Dense(classes, softmax) 'predictions'
 *   clip:   clip [T, S, S, 3] → TimeDistributed(VGG16 cut [→ stack]) → TimeDistributed(FramePooling)
 *           (when there is no stack) → LayerNormalization per frame → the RNN head (buildHead:
 *           RNN → Dropout → Dense softmax)
 *
 * The VGG16 part is a nested model with Keras's layer names, so its weights come from, and go
 * back to, a weight set by name. The trainable variables come in two groups, so that the
 * backbone's can train at their own (lower) learning rate.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerDescription, StackLayer, TransferModelSpec } from '../../../shared/api/transfer.js';
import { buildHead } from '../head/model.js';
import { DEFAULT_GRID, pooledDim } from '../tfjs/pooling.js';
import { outputShape } from '../vgg16/architecture.js';
import type { WeightSet } from '../weights/weight-set.js';
import { buildTransferBackbone } from './backbone.js';
import { Conv2DLayer } from './conv-layer.js';
import { FramePooling } from './frame-pooling.js';
import { applyStack, stackOutputDim, stackShapes } from './stack.js';
import { resolveTrainable } from './trainable.js';

export type LayerPart = LayerDescription['part'];

export interface TransferModel {
  readonly kind: 'clip' | 'frame';
  readonly model: tf.LayersModel;
  /** The VGG16 part, nested in `model`. */
  readonly backbone: tf.LayersModel;
  readonly trainableLayers: readonly string[];
  readonly frozenLayers: readonly string[];
  /** Live variables of the trainable VGG16 layers (learning rate: the backbone's). */
  readonly backboneVariables: readonly tf.Variable[];
  /** Live variables of everything else that trains: stack, head, classifier. */
  readonly otherVariables: readonly tf.Variable[];
  /** Which part each layer or nested model belongs to (the model view's grouping). */
  readonly parts: ReadonlyMap<tf.layers.Layer, LayerPart>;
  /** The model's input shape without the batch axis: [S, S, 3] or [T, S, S, 3]. */
  readonly inputShape: readonly number[];
  dispose(): void;
}

export interface BuildTransferOptions {
  readonly classes: number;
  /** T: frames per clip (clip models; the spec's own `backbone.frames` wins). */
  readonly frames?: number;
  readonly weights?: WeightSet;
  /** 'zeros' builds without drawing random numbers (for descriptions). */
  readonly init?: 'glorotUniform' | 'zeros';
}

/**
 * Checks a spec without building anything (trainable layers within the cut, the stack's shapes),
 * naming the first fault; returns the trainable conv layers.
 */
export function checkTransferModel(spec: TransferModelSpec): string[] {
  const { cut, size } = spec.backbone;
  const trainable = resolveTrainable(cut, spec.trainable);
  if (spec.kind === 'frame' || spec.stack) stackOutputDim(outputShape(cut, size), spec.stack ?? []);
  else pooledDim(spec.pooling, outputShape(cut, size), spec.grid ?? DEFAULT_GRID);
  return trainable;
}

/** The backbone's convs that do not train, in order: VGG16's, or an edited backbone's own (block1_conv5x5…). */
function frozenConvsOf(backbone: tf.LayersModel, trainable: readonly string[]): string[] {
  return backbone.layers.filter((layer) => layer instanceof Conv2DLayer && !trainable.includes(layer.name)).map((layer) => layer.name);
}

export function buildTransferModel(spec: TransferModelSpec, options: BuildTransferOptions): TransferModel {
  const { cut, size } = spec.backbone;
  if (!Number.isInteger(options.classes) || options.classes < 2) throw new RangeError(`classes must be an integer ≥ 2, got ${String(options.classes)}`);
  const trainable = checkTransferModel(spec);
  const backbone = buildTransferBackbone({ cut, size, trainable, ...(options.weights ? { weights: options.weights } : {}), ...(options.init ? { init: options.init } : {}) });
  const parts = new Map<tf.layers.Layer, LayerPart>([[backbone, 'backbone']]);
  const init = options.init ? { init: options.init } : {};
  let built: { model: tf.LayersModel; inputShape: number[] };
  try {
    built = spec.kind === 'frame'
      ? buildFrameModel(spec.stack, backbone, options.classes, trainable.length > 0, parts, init)
      : buildClipModel(spec, backbone, options, trainable.length > 0, parts);
  } catch (error) {
    backbone.dispose();
    throw error;
  }
  const { model } = built;
  const backboneVariables = backbone.trainableWeights.map((w) => w.read() as tf.Variable);
  const inBackbone = new Set(backboneVariables.map((v) => v.id));
  const otherVariables = model.trainableWeights.map((w) => w.read() as tf.Variable).filter((v) => !inBackbone.has(v.id));
  return {
    kind: spec.kind, model, backbone, trainableLayers: trainable, frozenLayers: frozenConvsOf(backbone, trainable), backboneVariables, otherVariables, parts,
    inputShape: built.inputShape, dispose: () => model.dispose(),
  };
}

function classifier(classes: number, init: { init?: 'glorotUniform' | 'zeros' }): tf.layers.Layer {
  return tf.layers.dense({ name: 'predictions', units: classes, activation: 'softmax', ...(init.init === 'zeros' ? { kernelInitializer: 'zeros' } : {}) });
}

function buildFrameModel(
  stack: readonly StackLayer[], backbone: tf.LayersModel, classes: number, trainableBelow: boolean, parts: Map<tf.layers.Layer, LayerPart>,
  init: { init?: 'glorotUniform' | 'zeros' },
): { model: tf.LayersModel; inputShape: number[] } {
  const size = backbone.inputs[0]!.shape[1] as number;
  const input = tf.input({ shape: [size, size, 3], name: 'frame' });
  const { output, layers } = applyStack(backbone.apply(input) as tf.SymbolicTensor, stack, { trainableBelow, ...init });
  layers.forEach((layer) => parts.set(layer, 'stack'));
  const top = classifier(classes, init);
  parts.set(top, 'classifier');
  const model = tf.model({ inputs: input, outputs: top.apply(output) as tf.SymbolicTensor, name: 'frame_classifier' });
  return { model, inputShape: [size, size, 3] };
}

function buildClipModel(
  spec: Extract<TransferModelSpec, { kind: 'clip' }>, backbone: tf.LayersModel, options: BuildTransferOptions, trainableBelow: boolean,
  parts: Map<tf.layers.Layer, LayerPart>,
): { model: tf.LayersModel; inputShape: number[] } {
  const { cut, size } = spec.backbone;
  const frames = spec.backbone.frames ?? options.frames;
  if (frames === undefined || !Number.isInteger(frames) || frames < 1) throw new RangeError(`frames per clip must be a positive integer, got ${String(frames)}`);
  const init = options.init ? { init: options.init } : {};
  const clip = tf.input({ shape: [frames, size, size, 3], name: 'clip' });

  // Per frame: the backbone, then the stack when there is one (one nested model, wrapped once).
  let perFrame: tf.LayersModel = backbone;
  let dim: number;
  if (spec.stack) {
    const frame = tf.input({ shape: [size, size, 3], name: 'frame' });
    const { output, layers } = applyStack(backbone.apply(frame) as tf.SymbolicTensor, spec.stack, { trainableBelow, ...init });
    layers.forEach((layer) => parts.set(layer, 'stack'));
    perFrame = tf.model({ inputs: frame, outputs: output, name: 'frame_network' });
    dim = (stackShapes(outputShape(cut, size), spec.stack).at(-1) as [number])[0];
  } else {
    dim = 0; // set below, from the pooling
  }
  const wrapped = tf.layers.timeDistributed({ layer: perFrame, name: 'frames' });
  parts.set(wrapped, spec.stack ? 'stack' : 'backbone');
  let x = wrapped.apply(clip) as tf.SymbolicTensor;
  if (!spec.stack) {
    const pooling = tf.layers.timeDistributed({ layer: new FramePooling({ name: 'frame_pooling', pooling: spec.pooling, ...(spec.grid !== undefined ? { grid: spec.grid } : {}) }), name: 'pooled_frames' });
    parts.set(pooling, 'pooling');
    x = pooling.apply(x) as tf.SymbolicTensor;
    dim = x.shape[2] as number;
  }
  // Pooled VGG features are O(10–100) in caffe units: fed raw, they saturate the RNN's gates, whose
  // gradients then vanish (float32 gives exact zeros) and nothing below the head learns. The feature
  // pipeline standardises features for the same reason (training/feature-scaling.ts); here each
  // frame's vector is normalised in the model, so it follows the backbone as the backbone trains.
  const norm = tf.layers.layerNormalization({ name: 'frame_norm', axis: -1 });
  parts.set(norm, 'head');
  x = norm.apply(x) as tf.SymbolicTensor;
  const head = buildHead({ ...spec.head, masking: false }, { frames, dim, classes: options.classes });
  // buildHead compiles with an Adam of its own; training here uses its own optimizers.
  head.optimizer?.dispose();
  parts.set(head, 'head');
  const model = tf.model({ inputs: clip, outputs: head.apply(x) as tf.SymbolicTensor, name: 'clip_classifier' });
  return { model, inputShape: [frames, size, size, 3] };
}
