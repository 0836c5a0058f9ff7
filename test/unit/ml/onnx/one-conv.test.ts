import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { kerasKernelToOnnx } from '../../../../main/ml/onnx/onnx-model.js';
import { DataType, encodeModel } from '../../../../main/ml/onnx/onnx-proto.js';

describe('a one-conv ONNX model from our encoder', () => {
  it('runs a 3×3 conv (pads 1, bias, no ReLU) on a 4×4 image to the hand-worked output', async () => {
    // Keras kernel [3, 3, 1, 1]: 1 at the top-left tap, 10 at the bottom-right, so
    // out(y, x) = in(y − 1, x − 1) + 10·in(y + 1, x + 1) + 0.5, zero outside the image.
    const keras = new Float32Array(9);
    keras[0] = 1; // (ky 0, kx 0)
    keras[8] = 10; // (ky 2, kx 2)
    const image = Float32Array.from({ length: 16 }, (_, i) => i + 1); // in(r, c) = 4r + c + 1
    const bytes = encodeModel({
      name: 'one_conv',
      nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } }],
      initializers: [
        { name: 'w', dims: [1, 1, 3, 3], data: kerasKernelToOnnx(keras, [3, 3, 1, 1]) },
        { name: 'b', dims: [1], data: Float32Array.of(0.5) },
      ],
      inputs: [{ name: 'x', type: DataType.FLOAT, dims: [1, 1, 4, 4] }],
      outputs: [{ name: 'y', type: DataType.FLOAT, dims: [1, 1, 4, 4] }],
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      const { y } = await session.run({ x: new ort.Tensor('float32', image, [1, 1, 4, 4]) });
      // Worked by hand, e.g. (1, 1): in(0, 0) + 10·in(2, 2) = 1 + 110; (3, 0): both taps outside.
      const expected = [
        60, 70, 80, 0,
        100, 111, 122, 3,
        140, 155, 166, 7,
        0, 9, 10, 11,
      ].map((v) => v + 0.5);
      expect(y!.dims).toEqual([1, 1, 4, 4]);
      expect(Array.from(y!.data as Float32Array)).toEqual(expected);
    } finally {
      await session.release();
    }
  });

  it('converts Keras kernels [kh, kw, in, out] to ONNX [out, in, kh, kw], with an input permutation', () => {
    // Keras element (ky, kx, i, o) holds the number kyxio written in decimal digits.
    const keras = new Float32Array(3 * 3 * 2 * 2);
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let i = 0; i < 2; i++) for (let o = 0; o < 2; o++) {
      keras[((ky * 3 + kx) * 2 + i) * 2 + o] = ky * 1000 + kx * 100 + i * 10 + o;
    }
    const onnx = kerasKernelToOnnx(keras, [3, 3, 2, 2]);
    // ONNX element (o 1, i 0, ky 2, kx 1) is at ((1·2 + 0)·3 + 2)·3 + 1 = 25.
    expect(onnx[25]).toBe(2101);
    const swapped = kerasKernelToOnnx(keras, [3, 3, 2, 2], (i) => 1 - i);
    expect(swapped[25]).toBe(2111);
    expect(() => kerasKernelToOnnx(keras.subarray(1), [3, 3, 2, 2])).toThrow(/needs 36/);
  });
});
