import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFeatures } from '../features/extract.js';
import { importSeason } from '../import/import-season.js';
import { openLibrary } from '../library/database.js';
import { writeSetting } from '../library/repositories/settings.js';
import { ClipCache } from '../media/clip-cache.js';
import { createOnnxExtractor } from '../ml/onnx/engine.js';
import { measureRawSpeed } from '../ml/onnx/raw-speed.js';
import { createTfjsExtractor } from '../ml/tfjs/extractor.js';
import { randomWeights } from '../ml/weights/index.js';
import { synthesizeSeason } from '../synth/index.js';
import { printHeading, printRow } from './report.js';

const CUT = 'block5_pool';

/** Frames/s of an extractor's own extract() on one fixed clip, repeated for `seconds`. */
async function engineSpeed(extract: (frames: Uint8Array, count: number) => Promise<Float32Array>, size: number, frames: number, seconds: number): Promise<number> {
  const input = new Uint8Array(frames * size * size * 3).map((_, i) => (i * 2654435761) >>> 24);
  await extract(input, frames);
  let done = 0;
  const started = performance.now();
  while ((performance.now() - started) / 1000 < seconds) {
    await extract(input, frames);
    done += frames;
  }
  return done / ((performance.now() - started) / 1000);
}

/**
 * VGG16 conv base (block5_pool, avg) frames per second: ONNX Runtime's bare session.run loop,
 * the extractor on a fixed clip, and end to end (clip cache → stored features), per frame size;
 * TensorFlow.js (wasm) beside it at the small size.
 */
export async function benchExtraction(options: { sizes: number[]; clips: Record<number, number>; seconds: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-bench-extract-'));
  try {
    const maxClips = Math.max(...Object.values(options.clips));
    await synthesizeSeason({ outDir: path.join(dir, 'season'), games: 1, playsPerGame: maxClips, seed: 11 });
    const weights = randomWeights(0);
    for (const size of options.sizes) {
      printHeading(`Feature extraction at ${size}×${size} (VGG16 to ${CUT}, avg pooling, 40 frames per clip)`);
      const [bare] = await measureRawSpeed({ weights, cut: CUT, pooling: 'avg', size, minSeconds: options.seconds });
      printRow('ONNX Runtime: bare InferenceSession.run loop', `${bare!.framesPerSecond.toFixed(2)} frames/s`, `${bare!.engine}, batch ${bare!.batchSize}`);

      const onnx = await createOnnxExtractor({ weights, cut: CUT, pooling: 'avg', size });
      const raw = await engineSpeed(onnx.extract, size, 40, options.seconds);
      await onnx.dispose();
      printRow('ONNX Runtime: Film Room’s extractor, fixed clip', `${raw.toFixed(2)} frames/s`, `${((100 * raw) / bare!.framesPerSecond).toFixed(1)}% of the bare loop (target ≥ 90%)`);

      const library = path.join(dir, `library-${size}.db`);
      const db = openLibrary(library);
      writeSetting(db, 'frame_size', size);
      const cache = ClipCache.besideLibrary(library);
      await importSeason(db, { target: path.join(dir, 'season'), clipCache: cache });
      db.prepare('DELETE FROM plays WHERE id NOT IN (SELECT id FROM plays ORDER BY id LIMIT ?)').run(options.clips[size] ?? 4);
      const report = await extractFeatures(db, cache, { weights: 'random:0', cut: CUT, pooling: 'avg', size, engine: 'onnx' });
      db.close();
      printRow(`end to end: ${report.computed} clips from the cache → library`, `${report.framesPerSecond.toFixed(2)} frames/s`, `${((100 * report.framesPerSecond) / raw).toFixed(1)}% of the extractor's raw speed (target ≥ 90%)`);

      if (size <= 112) {
        const tfjs = await createTfjsExtractor({ weights, cut: CUT, pooling: 'avg', size });
        const speed = await engineSpeed(tfjs.extract, size, 8, options.seconds);
        printRow('TensorFlow.js: extractor, fixed frames', `${speed.toFixed(2)} frames/s`, `${tfjs.engine}; ONNX Runtime is ×${(raw / speed).toFixed(1)}`);
        tfjs.dispose();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
