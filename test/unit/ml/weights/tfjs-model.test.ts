import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MissingLayersError } from '../../../../main/ml/weights/conv-layers.js';
import { readTfjsModel } from '../../../../main/ml/weights/tfjs-read.js';
import { TFJS_SHARD_BYTES, writeTfjsModel } from '../../../../main/ml/weights/tfjs-write.js';
import { WeightsError } from '../../../../main/ml/weights/weight-set.js';
import { suiteTempDir } from '../../../helpers/temp.js';
import { patternWeights, sameBits } from '../../../helpers/weights-files.js';

function modelJson(dir: string): { modelTopology: tf.serialization.ConfigDict; weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
}

describe('TensorFlow.js model.json + shards', () => {
  const root = suiteTempDir('filmroom-tfjs-');
  beforeAll(() => tf.setBackend('cpu'));

  it('round-trips bit for bit, in 4 MiB shards that a weight may span', async () => {
    const dir = path.join(root, 'block3');
    const weights = patternWeights('block3_pool');
    await writeTfjsModel(weights, dir);
    const json = modelJson(dir);
    const paths = json.weightsManifest[0]!.paths;
    // Blocks 1–3: 1,735,488 values = 6,941,952 bytes → two shards.
    expect(paths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    expect(fs.statSync(path.join(dir, paths[0]!)).size).toBe(TFJS_SHARD_BYTES);
    expect(fs.statSync(path.join(dir, paths[1]!)).size).toBe(6_941_952 - TFJS_SHARD_BYTES);
    expect(json.weightsManifest[0]!.weights.slice(0, 2)).toEqual([
      { name: 'block1_conv1/kernel', shape: [3, 3, 3, 64], dtype: 'float32' },
      { name: 'block1_conv1/bias', shape: [64], dtype: 'float32' },
    ]);
    expect(sameBits(await readTfjsModel(path.join(dir, 'model.json'), { upTo: 'block3_pool' }), weights)).toBe(true);
    expect(sameBits(await readTfjsModel(dir, { upTo: 'block3_pool' }), weights)).toBe(true); // the folder will do
    expect(fs.readdirSync(dir).sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
  });

  it('is loadable by TensorFlow.js itself: its weights loader and its Keras topology deserializer', async () => {
    const dir = path.join(root, 'block2');
    const weights = patternWeights('block2_pool', 3);
    await writeTfjsModel(weights, dir);
    const json = modelJson(dir);
    const before = tf.memory().numTensors;
    const load = tf.io.weightsLoaderFactory(async (urls) => urls.map((u) => {
      const bytes = fs.readFileSync(u);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }));
    const tensors = await load(json.weightsManifest as tf.io.WeightsManifestConfig, `${dir}/`);
    const model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology });
    model.loadWeights(tensors); // strict: every weight name must match a variable of the model
    expect(model.layers.map((l) => l.name)).toEqual(['input_1', 'block1_conv1', 'block1_conv2', 'block1_pool', 'block2_conv1', 'block2_conv2', 'block2_pool']);
    const [kernel, bias] = model.getLayer('block2_conv1').getWeights();
    expect(kernel!.shape).toEqual([3, 3, 64, 128]);
    expect(Buffer.from((kernel!.dataSync() as Float32Array).buffer).equals(Buffer.from(weights.get('block2_conv1')!.kernel.buffer))).toBe(true);
    expect(Array.from(bias!.dataSync())).toEqual(Array.from(weights.get('block2_conv1')!.bias));
    Object.values(tensors).forEach((t) => t.dispose());
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads a model that TensorFlow.js saved (one weights.bin), and prefixed names', async () => {
    const dir = path.join(root, 'saved-by-tfjs');
    fs.mkdirSync(dir, { recursive: true });
    const weights = patternWeights('block1_pool', 5);
    const input = tf.input({ shape: [8, 8, 3], name: 'input_1' });
    const c1 = tf.layers.conv2d({ name: 'block1_conv1', filters: 64, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ name: 'block1_conv2', filters: 64, kernelSize: 3, padding: 'same' }).apply(c1) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: c2 });
    for (const name of ['block1_conv1', 'block1_conv2']) {
      const w = weights.get(name)!;
      const values = [tf.tensor4d(w.kernel, [...w.kernelShape]), tf.tensor1d(w.bias)];
      model.getLayer(name).setWeights(values);
      tf.dispose(values);
    }
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData!;
      const bytes = Array.isArray(data) ? Buffer.concat(data.map((b) => Buffer.from(b))) : Buffer.from(data);
      fs.writeFileSync(path.join(dir, 'weights.bin'), bytes);
      // Prefix the names as a nested model's weights are named.
      const specs = artifacts.weightSpecs!.map((s) => ({ ...s, name: `vgg16/${s.name}` }));
      const manifest = { modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    model.dispose();
    expect(modelJson(dir).weightsManifest[0]!.weights[0]!.name).toBe('vgg16/block1_conv1/kernel');
    expect(sameBits(await readTfjsModel(path.join(dir, 'model.json'), { upTo: 'block1_pool' }), weights)).toBe(true);
  });

  it('dequantizes float16 and uint8 weights as TensorFlow.js does', async () => {
    const dir = path.join(root, 'quantized');
    fs.mkdirSync(dir, { recursive: true });
    const k1 = 3 * 3 * 3 * 64;
    const k2 = 3 * 3 * 64 * 64;
    // float16: 0x3c00 = 1, 0xc000 = -2, 0x3555 = 0.333251953125; uint8 with scale 0.5, min -1: v ↦ v/2 - 1.
    const half = new Uint16Array(k1 + 64).map((_, i) => [0x3c00, 0xc000, 0x3555][i % 3]!);
    const bytes = new Uint8Array(k2 + 64).map((_, i) => i % 5);
    fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.concat([Buffer.from(half.buffer), Buffer.from(bytes)]));
    const q16 = { dtype: 'float16' };
    const q8 = { dtype: 'uint8', scale: 0.5, min: -1 };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['w.bin'], weights: [
      { name: 'block1_conv1/kernel', shape: [3, 3, 3, 64], dtype: 'float32', quantization: q16 },
      { name: 'block1_conv1/bias', shape: [64], dtype: 'float32', quantization: q16 },
      { name: 'block1_conv2/kernel', shape: [3, 3, 64, 64], dtype: 'float32', quantization: q8 },
      { name: 'block1_conv2/bias', shape: [64], dtype: 'float32', quantization: q8 },
    ] }] }));
    const read = await readTfjsModel(path.join(dir, 'model.json'), { upTo: 'block1_pool' });
    expect(Array.from(read.get('block1_conv1')!.kernel.subarray(0, 3))).toEqual([1, -2, 0.333251953125]);
    expect(Array.from(read.get('block1_conv2')!.kernel.subarray(0, 6))).toEqual([-1, -0.5, 0, 0.5, 1, -1]);
    expect(read.get('block1_conv2')!.bias[0]).toBe(1); // byte k2 holds k2 % 5 = 4 ↦ 4/2 - 1
  });

  it('a truncated shard: names the shard and the layer cut off', async () => {
    const dir = path.join(root, 'truncated');
    await writeTfjsModel(patternWeights('block3_pool'), dir);
    const shard = path.join(dir, 'group1-shard2of2.bin');
    fs.truncateSync(shard, 1000);
    const error = await readTfjsModel(path.join(dir, 'model.json'), { upTo: 'block3_pool' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    expect((error as Error).message).toContain(`${shard}: weight shard is truncated (1000 bytes)`);
    // Shard 2 starts at 4 MiB, inside block3_conv2's kernel (bytes 2,221,312–4,580,608); 1000 bytes in is still there.
    expect((error as Error).message).toContain('layer block3_conv2 (block3_conv2/kernel) is cut off');
  });

  it('a missing layer and a missing shard file: named', async () => {
    const dir = path.join(root, 'short');
    await writeTfjsModel(patternWeights('block1_pool'), dir);
    const missing = await readTfjsModel(path.join(dir, 'model.json')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingLayersError);
    expect((missing as Error).message).toMatch(/^\/.*model\.json: no weights for block2_conv1.*upTo 'block1_pool'/);
    expect((missing as MissingLayersError).deepestCut).toBe('block1_pool');
    fs.rmSync(path.join(dir, 'group1-shard1of1.bin'));
    await expect(readTfjsModel(path.join(dir, 'model.json'), { upTo: 'block1_pool' })).rejects.toThrow(`${path.join(dir, 'group1-shard1of1.bin')}: weight shard listed in`);
  });
});
