import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSeason } from '../../../main/import/import-season.js';
import { trimPlay } from '../../../main/coding/coding-operations.js';
import { frameActivations } from '../../../main/features/activations.js';
import { WorkerRunner } from '../../../main/jobs/run-in-worker.js';
import { forkWorker } from '../../../main/jobs/worker-launch.js';
import type { LaunchWorker } from '../../../main/jobs/worker-process.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { outputShape, VGG16_LAYER_NAMES as ARCHITECTURE_NAMES } from '../../../main/ml/vgg16/architecture.js';
import { connectInMemory } from '../../../main/rpc/in-memory.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { VGG16_LAYER_NAMES } from '../../../shared/api/vgg16-layers.js';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

describe('per-block activations for the Features view', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  it('the contract’s layer names are the architecture’s', () => {
    expect([...VGG16_LAYER_NAMES]).toEqual([...ARCHITECTURE_NAMES]);
  });

  it('gives, per block, the mean map and the strongest channels of a play’s frame, computed in a worker process', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 1 });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    room.db.prepare("UPDATE settings SET value = '64' WHERE key = 'frame_size'").run();
    await importSeason(room.db, { target: season.dir, clipCache: ClipCache.besideLibrary(room.db.name) });
    const { api } = connectInMemory(room.dispatcher);
    const [play] = (await api.library.listPlays({})).plays;

    const result = await api.features.activations({ playId: play!.id, frame: 3, topK: 4 });
    expect(result.size).toBe(64);
    expect(Buffer.from(result.rgb, 'base64').length).toBe(64 * 64 * 3);
    expect(result.layers.map((l) => l.layer)).toEqual(['block1_pool', 'block2_pool', 'block3_pool', 'block4_pool', 'block5_pool']);
    for (const layer of result.layers) {
      const [height, width, channels] = outputShape(layer.layer, 64);
      expect([layer.height, layer.width, layer.channelCount]).toEqual([height, width, channels]);
      expect(Buffer.from(layer.mean, 'base64').length).toBe(height * width);
      expect(layer.channels).toHaveLength(4);
      const strengths = layer.channels.map((c) => c.strength);
      expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
      for (const channel of layer.channels) expect(Buffer.from(channel.map, 'base64').length).toBe(height * width);
      expect(layer.note.length).toBeGreaterThan(10);
    }
  });

  it('computes the rest of the clip in the same job after the frame asked for, so stepping to another frame starts no worker', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 1 });
    const jobs: string[] = [];
    const counting: LaunchWorker = (entry, options) => {
      const worker = forkWorker(entry, options);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message) => {
        const m = message as { type: string; job?: { kind: string } };
        if (m.type === 'start') jobs.push(m.job!.kind);
        post(message);
      };
      return worker;
    };
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser', launchWorker: counting });
    room.db.prepare("UPDATE settings SET value = '32' WHERE key = 'frame_size'").run();
    await importSeason(room.db, { target: season.dir, clipCache: ClipCache.besideLibrary(room.db.name) });
    const { api } = connectInMemory(room.dispatcher);
    const [play] = (await api.library.listPlays({})).plays;
    const layers = ['block1_pool', 'block3_pool'] as const;

    const started = performance.now();
    await api.features.activations({ playId: play!.id, frame: 20, topK: 3, layers: [...layers] });
    console.log(`first frame: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    // The prefetch runs to the clip's end (then back to its start) unless another play is asked for.
    const features = room.api.features as { idle?: () => Promise<void> };
    await features.idle?.();
    const before = jobs.length;
    for (const frame of [21, 22, 19, 0, 39]) {
      const stepped = performance.now();
      const got = await api.features.activations({ playId: play!.id, frame, topK: 3, layers: [...layers] });
      console.log(`frame ${frame}: ${((performance.now() - stepped) / 1000).toFixed(3)} s`);
      // The frame asked for, with the maps computed directly for it.
      const direct = await frameActivations(room.db, ClipCache.besideLibrary(room.db.name), { playId: play!.id, frame, weights: 'random', topK: 3, layers });
      expect(got).toEqual(direct);
    }
    expect(jobs.slice(before)).toEqual([]);
    // The whole clip in one job: one worker start, one weights load, one model build.
    expect(jobs).toEqual(['activationFrames']);
    // A trimmed play's clip is dropped (and sampled again later): its cached maps are never shown for it.
    trimPlay(room.db, { playId: play!.id, startS: play!.startS + 0.5 });
    await expect(api.features.activations({ playId: play!.id, frame: 21, topK: 3, layers: [...layers] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a several-frame job sends each frame as it is done, and a stop after the first ends it there', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 1 });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    room.db.prepare("UPDATE settings SET value = '64' WHERE key = 'frame_size'").run();
    await importSeason(room.db, { target: season.dir, clipCache: ClipCache.besideLibrary(room.db.name) });
    const [play] = (await connectInMemory(room.dispatcher).api.library.listPlays({})).plays;
    const frames = Array.from({ length: 40 }, (_, i) => i);
    const sent: number[] = [];
    const stop = new AbortController();
    const count = await new WorkerRunner({ libraryPath: room.db.name }).run(
      { kind: 'activationFrames', request: { playId: play!.id, frames, topK: 2 } },
      { signal: stop.signal, onPartial: (frame) => (sent.push(frame.frame), stop.abort()) },
    );
    // Without a frame sent as soon as it is done (and the stop read between frames), all 40 come at the end.
    expect(sent.length).toBeLessThan(10);
    expect(sent).toEqual(frames.slice(0, sent.length));
    expect(count).toBe(sent.length);
  });

  it('says what is wrong with a play without a clip, and with a bad request', async () => {
    room = openFilmRoom({ libraryPath: path.join(tempDir(), 'library.db'), frontDoor: 'browser' });
    const { api } = connectInMemory(room.dispatcher);
    await expect(api.features.activations({ playId: 999 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(api.features.activations({ playId: 1, layers: ['block9_pool' as never] })).rejects.toBeInstanceOf(ValidationError);
  });
});
