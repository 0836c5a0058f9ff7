import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClipModelSpec, FrameModelSpec, StackLayers, SOURCE_STACK, type ModelDescription } from '../../../../shared/api/transfer.js';
import { initTfjs } from '../../../../main/ml/tfjs/backend.js';
import { describeTransferModel } from '../../../../main/ml/transfer/describe.js';
import { stackShapes } from '../../../../main/ml/transfer/stack.js';

beforeAll(async () => {
  await initTfjs('cpu');
});

/** A conv's parameters by hand: k·k·in·out weights + out biases. */
const conv = (k: number, inChannels: number, out: number) => k * k * inChannels * out + out;
const dense = (inputs: number, units: number) => inputs * units + units;

/**
 * Keras's VGG16 conv base, layer by layer (keras.applications.VGG16(include_top=False).summary()):
 * 14,714,688 parameters in all.
 */
const VGG16_PARAMS: Record<string, number> = {
  block1_conv1: conv(3, 3, 64), // 1,792
  block1_conv2: conv(3, 64, 64), // 36,928
  block2_conv1: conv(3, 64, 128), // 73,856
  block2_conv2: conv(3, 128, 128), // 147,584
  block3_conv1: conv(3, 128, 256), // 295,168
  block3_conv2: conv(3, 256, 256), // 590,080
  block3_conv3: conv(3, 256, 256),
  block4_conv1: conv(3, 256, 512), // 1,180,160
  block4_conv2: conv(3, 512, 512), // 2,359,808
  block4_conv3: conv(3, 512, 512),
  block5_conv1: conv(3, 512, 512),
  block5_conv2: conv(3, 512, 512),
  block5_conv3: conv(3, 512, 512),
};

const row = (d: ModelDescription, name: string) => {
  const found = d.layers.find((l) => l.name === name);
  if (!found) throw new Error(`no layer ${name} in ${d.layers.map((l) => l.name).join(', ')}`);
  return found;
};

describe('the stack on block2_pool (the classic example) at 32×32', () => {
  const stack = StackLayers.parse(SOURCE_STACK);

  it('has the hand-computed shapes', () => {
    // block2_pool of 32×32 is 8×8×128. Conv2D(64, 3×3, 'valid'): 6×6×64. MaxPool 2×2: 3×3×64.
    // Flatten: 576. Dense(256): 256. Dropout: 256.
    expect(stackShapes([8, 8, 128], stack)).toEqual([[6, 6, 64], [3, 3, 64], [576], [256], [256]]);
  });

  it('describes every layer with the hand-computed output shapes, parameter counts and trainable flags', () => {
    const before = tf.memory().numTensors;
    const d = describeTransferModel(FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'imagenet', cut: 'block2_pool', size: 32 } }), { classes: 11 });
    expect(tf.memory().numTensors).toBe(before);
    expect(d.kind).toBe('frame');
    expect(d.input).toEqual([null, 32, 32, 3]);
    expect(d.layers.map((l) => [l.name, l.outputShape, l.params, l.trainable, l.part])).toEqual([
      ['frame', [null, 32, 32, 3], 0, false, 'input'],
      ['block1_conv1', [null, 32, 32, 64], 1792, false, 'backbone'],
      ['block1_conv2', [null, 32, 32, 64], 36928, false, 'backbone'],
      ['block1_pool', [null, 16, 16, 64], 0, false, 'backbone'],
      ['block2_conv1', [null, 16, 16, 128], 73856, false, 'backbone'],
      ['block2_conv2', [null, 16, 16, 128], 147584, false, 'backbone'],
      ['block2_pool', [null, 8, 8, 128], 0, false, 'backbone'],
      ['stack1_conv2d', [null, 6, 6, 64], 3 * 3 * 128 * 64 + 64, true, 'stack'], // 73,792
      ['stack2_maxPool2d', [null, 3, 3, 64], 0, false, 'stack'],
      ['stack3_flatten', [null, 576], 0, false, 'stack'],
      ['stack4_dense', [null, 256], 576 * 256 + 256, true, 'stack'], // 147,712
      ['stack5_dropout', [null, 256], 0, false, 'stack'],
      ['predictions', [null, 11], 256 * 11 + 11, true, 'classifier'], // 2,827
    ]);
    expect(d.layers.filter((l) => l.part === 'backbone').every((l) => l.parent === 'vgg16_block2_pool_32')).toBe(true);
    const backbone = 1792 + 36928 + 73856 + 147584;
    const stackAndClassifier = 73792 + 147712 + 2827;
    expect(d).toMatchObject({ totalParams: backbone + stackAndClassifier, trainableParams: stackAndClassifier, nonTrainableParams: backbone });
  });

  it('marks fine-tuned layers trainable: block2 of the backbone', () => {
    const d = describeTransferModel(FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'imagenet', cut: 'block2_pool', size: 32 }, trainable: ['block2'] }), { classes: 11 });
    expect(d.layers.filter((l) => l.trainable).map((l) => l.name)).toEqual(['block2_conv1', 'block2_conv2', 'stack1_conv2d', 'stack4_dense', 'predictions']);
  });

  it('refuses a stack that does not fit, naming the layer', () => {
    const spec = (layers: unknown) => FrameModelSpec.parse({ kind: 'frame', backbone: { weights: 'w', cut: 'block2_pool', size: 32 }, stack: layers });
    expect(() => describeTransferModel(spec([{ type: 'dense', units: 8 }]), { classes: 3 })).toThrow(/stack layer 1 \(dense 8\) needs a vector.*flatten/);
    expect(() => describeTransferModel(spec([{ type: 'conv2d', filters: 4, kernel: 9 }, { type: 'flatten' }]), { classes: 3 })).toThrow(/stack layer 1 \(conv2d 4×9×9\).*does not fit the 8×8 map/);
    expect(() => describeTransferModel(spec([{ type: 'maxPool2d', pool: 2 }]), { classes: 3 })).toThrow(/must end in a vector.*\[4, 4, 128\]/);
  });
});

describe('describeTransferModel: the whole clip model', () => {
  it('lists VGG16’s conv base with Keras’s parameter counts (14,714,688 in all), per frame of the clip, then the pooling and the head', () => {
    const spec = ClipModelSpec.parse({ kind: 'clip', backbone: { weights: 'imagenet', cut: 'block5_pool', size: 64, frames: 40 }, trainable: ['block5'], head: { cell: 'lstm', units: 64 } });
    const d = describeTransferModel(spec, { classes: 11 });
    expect(d.input).toEqual([null, 40, 64, 64, 3]);
    for (const [name, params] of Object.entries(VGG16_PARAMS)) {
      expect(row(d, name).params, name).toBe(params);
      expect(row(d, name).trainable, name).toBe(name.startsWith('block5'));
      expect(row(d, name).parent).toBe('frames');
    }
    const backbone = d.layers.filter((l) => l.part === 'backbone');
    expect(backbone.reduce((sum, l) => sum + l.params, 0)).toBe(14_714_688);
    expect(row(d, 'block1_conv1').outputShape).toEqual([null, 40, 64, 64, 64]);
    expect(row(d, 'block5_pool').outputShape).toEqual([null, 40, 2, 2, 512]);
    expect(row(d, 'pooled_frames')).toMatchObject({ type: 'TimeDistributed(FramePooling)', outputShape: [null, 40, 512], params: 0, part: 'pooling' });
    // LayerNormalization: a scale and an offset per feature. LSTM(64) on 512 features:
    // 4 gates × (512·64 input weights + 64·64 recurrent weights + 64 biases).
    expect(row(d, 'frame_norm')).toMatchObject({ outputShape: [null, 40, 512], params: 2 * 512, trainable: true, part: 'head' });
    const lstm = d.layers.find((l) => l.type === 'LSTM')!;
    expect(lstm).toMatchObject({ outputShape: [null, 64], params: 4 * (512 * 64 + 64 * 64 + 64), trainable: true, part: 'head' });
    const last = d.layers[d.layers.length - 1]!;
    expect(last).toMatchObject({ type: 'Dense', outputShape: [null, 11], params: dense(64, 11), trainable: true, part: 'head' });
    const trainable = 3 * VGG16_PARAMS.block5_conv1! + 1024 + lstm.params + dense(64, 11);
    expect(d).toMatchObject({ totalParams: 14_714_688 + 1024 + lstm.params + dense(64, 11), trainableParams: trainable });
  });

  it('shows a per-frame stack under the time axis, feeding the head', () => {
    const spec = ClipModelSpec.parse({
      kind: 'clip', backbone: { weights: 'w', cut: 'block1_pool', size: 32, frames: 4 }, stack: [{ type: 'conv2d', filters: 8 }, { type: 'globalAvgPool2d' }], head: { cell: 'gru', units: 5 },
    });
    const d = describeTransferModel(spec, { classes: 3 });
    expect(row(d, 'stack1_conv2d')).toMatchObject({ outputShape: [null, 4, 14, 14, 8], params: conv(3, 64, 8), trainable: true, part: 'stack', parent: 'frames' });
    expect(row(d, 'stack2_globalAvgPool2d')).toMatchObject({ outputShape: [null, 4, 8], part: 'stack' });
    expect(row(d, 'block1_conv2')).toMatchObject({ outputShape: [null, 4, 32, 32, 64], part: 'backbone', trainable: false });
    expect(d.layers.some((l) => l.part === 'pooling')).toBe(false);
  });
});
