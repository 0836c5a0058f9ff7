import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVggOnnxModel } from '../../../../main/ml/onnx/onnx-model.js';
import { heWeights, maxAbsDiff, randomFrames, refPool, type RefMap } from '../../../helpers/onnx-reference.js';

// Size 40 → block3_pool is 5×5×256: odd sides, so the floor-based grid bins are unequal
// (g = 2: rows [0, 2) and [2, 5); g = 3: [0, 1), [1, 3), [3, 5)).
const size = 40;
const count = 2;
const weights = heWeights('block3_pool', 3);
const frames = randomFrames(count, size, 9);

async function run(pooling: 'avg' | 'max' | 'grid' | 'none', grid?: number): Promise<{ features: Float32Array; dims: readonly number[]; maps: RefMap[] }> {
  const model = buildVggOnnxModel({ weights, cut: 'block3_pool', size, pooling, ...(grid ? { grid } : {}), mapLayer: 'block3_pool' });
  const session = await ort.InferenceSession.create(model.bytes);
  try {
    const out = await session.run({ frames: new ort.Tensor('uint8', frames, [count, size, size, 3]) });
    const map = out.map!.data as Float32Array;
    const per = 5 * 5 * 256;
    const maps = Array.from({ length: count }, (_, f) => ({ height: 5, width: 5, channels: 256, values: Float64Array.from(map.subarray(f * per, (f + 1) * per)) }));
    return { features: out.features!.data as Float32Array, dims: out.features!.dims, maps };
  } finally {
    await session.release();
  }
}

describe('pooling in the ONNX graph (the semantics of main/ml/tfjs/pooling.ts)', () => {
  let maps: RefMap[] = [];
  beforeAll(async () => {
    maps = (await run('avg')).maps;
  });
  afterAll(() => {
    maps = [];
  });

  const cases: [string, 'avg' | 'max' | 'grid' | 'none', number | undefined, number][] = [
    ['avg → [C]', 'avg', undefined, 256],
    ['max → [C]', 'max', undefined, 256],
    ['grid 2 → [2·2·C] in (gy, gx, c) order', 'grid', 2, 4 * 256],
    ['grid 3 → [3·3·C]', 'grid', 3, 9 * 256],
    ['grid 5 → one cell per pixel', 'grid', 5, 25 * 256],
    ['none → [H·W·C] in (h, w, c) order', 'none', undefined, 25 * 256],
  ];
  for (const [title, pooling, grid, dim] of cases) {
    it(title, async () => {
      const got = await run(pooling, grid);
      expect(got.dims).toEqual([count, dim]);
      for (let f = 0; f < count; f++) {
        const expected = refPool(got.maps[f]!, pooling, grid);
        expect(expected.length).toBe(dim);
        expect(maxAbsDiff(got.features.subarray(f * dim, (f + 1) * dim), expected)).toBeLessThanOrEqual(1e-5);
      }
    });
  }

  it('uses floor-based bins: grid 2 on 5 rows averages rows 2–4 in the bottom cells', async () => {
    const { features } = await run('grid', 2);
    const map = maps[0]!;
    const cellMean = (rows: number[], cols: number[], c: number) => {
      let sum = 0;
      for (const y of rows) for (const x of cols) sum += map.values[(y * 5 + x) * 256 + c]!;
      return sum / (rows.length * cols.length);
    };
    // Bottom-left cell (gy 1, gx 0): rows 2, 3, 4 × columns 0, 1 — not ceil-based rows 3, 4.
    const got = Array.from({ length: 256 }, (_, c) => features[(1 * 2 + 0) * 256 + c]!);
    const floorBins = Array.from({ length: 256 }, (_, c) => cellMean([2, 3, 4], [0, 1], c));
    const ceilBins = Array.from({ length: 256 }, (_, c) => cellMean([3, 4], [0, 1], c));
    expect(maxAbsDiff(got, floorBins)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(got, ceilBins)).toBeGreaterThan(1e-3);
  });

  it('rejects a grid larger than the map', () => {
    expect(() => buildVggOnnxModel({ weights, cut: 'block3_pool', size, pooling: 'grid', grid: 6 })).toThrow(/grid must be at most/);
    expect(() => buildVggOnnxModel({ weights, cut: 'block3_pool', size, pooling: 'grid', grid: 0 })).toThrow(/grid must be a positive integer/);
    expect(() => buildVggOnnxModel({ weights, cut: 'block3_pool', size, pooling: 'sum' as 'avg' })).toThrow(/pooling must be one of/);
  });
});
