import { z } from 'zod';
import { TransferModelSpec, type ModelDescription } from './transfer.js';
import { VGG16_LAYER_NAMES } from './vgg16-layers.js';

export const ActivationsRequest = z
  .object({
    playId: z.number().int().positive(),
    frame: z.number().int().min(0).max(999).default(20),
    weights: z.string().min(1).max(100).default('random'),
    layers: z.array(z.enum(VGG16_LAYER_NAMES)).min(1).max(18).optional(),
    topK: z.number().int().min(0).max(32).default(6),
  })
  .strict();
export type ActivationsRequest = z.input<typeof ActivationsRequest>;

/**
 * Several frames of one play in one job (the services' prefetch): the weights load and the model
 * builds once for all of them. Frames are computed in the order given.
 */
export const ActivationFramesRequest = ActivationsRequest.omit({ frame: true })
  .extend({ frames: z.array(z.number().int().min(0).max(999)).min(1).max(64) })
  .strict();
export type ActivationFramesRequest = z.input<typeof ActivationFramesRequest>;

export const DescribeModelRequest = z
  .object({
    spec: TransferModelSpec,
    /** Play types the classifier tells apart: the size of the library's taxonomy. */
    classes: z.number().int().min(2).max(64).default(11),
    /** T for a clip model whose spec leaves `backbone.frames` out: the library's clip length. */
    frames: z.number().int().min(1).max(1000).default(40),
  })
  .strict();
export type DescribeModelRequest = z.input<typeof DescribeModelRequest>;

export interface LayerActivations {
  layer: string;
  block: number;
  /** One line on what this block tends to respond to. */
  note: string;
  width: number;
  height: number;
  channelCount: number;
  /** Mean over channels, 0–255 per cell, row-major, base64. */
  mean: string;
  meanRange: [number, number];
  channels: { index: number; strength: number; map: string }[];
}

export interface FrameActivations {
  playId: number;
  frame: number;
  size: number;
  /** The frame as S×S RGB bytes, base64. */
  rgb: string;
  layers: LayerActivations[];
}

export interface FeaturesService {
  /** Computed in a worker process: a few seconds at 224×224, and the app stays responsive. */
  activations(request: ActivationsRequest): Promise<FrameActivations>;
  /**
   * Every layer of the model a backbone + head (or stack) spec builds: name, output shape,
   * parameter count, whether it trains. Built with zero weights, so it is quick and needs no file.
   */
  describeModel(request: DescribeModelRequest): Promise<ModelDescription>;
}

export const featuresContract = {
  methods: { activations: ActivationsRequest, describeModel: DescribeModelRequest },
  events: [],
} as const;
