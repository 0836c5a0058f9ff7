/**
 * The model view's description of a backbone + head (or stack) spec: every layer of the built
 * TensorFlow.js model, in order, with its output shape, parameter count and whether it trains.
 * Nested models (the VGG16 part, a per-frame network, the RNN head) are opened up, so the view
 * lists block1_conv1 … as Keras's model.summary() would for a flat model; layers applied per
 * frame of a clip show the time axis after the batch axis.
 *
 * Pure: builds the model with zero weights (no random draws, no weight file), reads
 * model.layers, disposes it. Needs an initialised TensorFlow.js backend (initTfjs).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerDescription, ModelDescription, TransferModelSpec } from '../../../shared/api/transfer.js';
import { buildTransferModel, type LayerPart } from './models.js';

export interface DescribeOptions {
  readonly classes: number;
  /** T for a clip model whose spec leaves `backbone.frames` out (default 40, the library's default). */
  readonly frames?: number;
}

export function describeTransferModel(spec: TransferModelSpec, options: DescribeOptions): ModelDescription {
  const built = buildTransferModel(spec, { classes: options.classes, frames: spec.backbone.frames ?? options.frames ?? 40, init: 'zeros' });
  try {
    const layers: LayerDescription[] = [];
    walk(built.model, { timeAxis: null, parent: null, trainable: true, part: 'input' }, built.parts, layers, true);
    const totalParams = layers.reduce((sum, l) => sum + l.params, 0);
    const trainableParams = layers.reduce((sum, l) => sum + (l.trainable ? l.params : 0), 0);
    return { kind: spec.kind, input: [null, ...built.inputShape], layers, totalParams, trainableParams, nonTrainableParams: totalParams - trainableParams };
  } finally {
    built.dispose();
  }
}

interface Context {
  /** T when the layers run per frame of a clip (inside TimeDistributed), else null. */
  readonly timeAxis: number | null;
  readonly parent: string | null;
  /** Whether every enclosing container trains. */
  readonly trainable: boolean;
  readonly part: LayerPart;
}

function walk(container: tf.LayersModel, context: Context, parts: ReadonlyMap<tf.layers.Layer, LayerPart>, out: LayerDescription[], top: boolean): void {
  for (const layer of container.layers) {
    const type = layer.getClassName();
    if (type === 'InputLayer') {
      if (top) out.push({ name: layer.name, type, outputShape: shapeOf(layer, null), params: 0, trainable: false, part: 'input', parent: null });
      continue;
    }
    const part = parts.get(layer) ?? context.part;
    const trainable = context.trainable && layer.trainable;
    if (type === 'TimeDistributed') {
      const inner = (layer as unknown as { layer: tf.layers.Layer }).layer;
      const frames = (layer.outputShape as (number | null)[])[1] as number;
      if (inner instanceof tf.LayersModel) {
        walk(inner, { timeAxis: frames, parent: layer.name, trainable, part }, parts, out, false);
      } else {
        out.push({ name: layer.name, type: `TimeDistributed(${inner.getClassName()})`, outputShape: shapeOf(layer, null), params: layer.countParams(), trainable: trainable && layer.countParams() > 0, part, parent: context.parent });
      }
      continue;
    }
    if (layer instanceof tf.LayersModel) {
      walk(layer, { ...context, parent: layer.name, trainable, part }, parts, out, false);
      continue;
    }
    const params = layer.countParams();
    out.push({ name: layer.name, type, outputShape: shapeOf(layer, context.timeAxis), params, trainable: trainable && params > 0, part, parent: context.parent });
  }
}

/** The layer's output shape, with the time axis inserted after the batch axis when it runs per frame. */
function shapeOf(layer: tf.layers.Layer, timeAxis: number | null): (number | null)[] {
  const shape = layer.outputShape as (number | null)[];
  return timeAxis === null ? [...shape] : [shape[0] ?? null, timeAxis, ...shape.slice(1)];
}
