import { describe, expect, it } from 'vitest';
import { parseFromWorker, parseToWorker, parseWorkerPartial, parseWorkerResult, WorkerProtocolError } from '../../../main/worker/protocol.js';

const importSummary = { gamesAdded: 1, gamesAlreadyPresent: 0, playsAdded: 4, playsSkipped: 0, clipsAdded: 4, skippedCodes: [{ code: 'Team', count: 2 }], errors: [{ file: '/s/a.csv', line: 3, reason: 'bad time' }], warnings: [{ file: '/s/b.mp4', line: null, reason: 'rotated 90°' }] };

function caught(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
}

describe('messages to a worker', () => {
  it('accepts a start with a shared/api request, filling the request’s defaults', () => {
    const message = parseToWorker({ type: 'start', libraryPath: '/l.db', job: { kind: 'activations', request: { playId: 3 } } });
    expect(message).toEqual({ type: 'start', libraryPath: '/l.db', job: { kind: 'activations', request: { playId: 3, frame: 20, weights: 'random', topK: 6 } } });
    expect(parseToWorker({ type: 'cancel' })).toEqual({ type: 'cancel' });
  });

  it('refuses a malformed message, naming the field and what is wrong', () => {
    const badRequest = caught(() => parseToWorker({ type: 'start', libraryPath: '/l.db', job: { kind: 'extract', request: { weights: 'random', cut: 'block9_pool', pooling: 'avg' } } }));
    expect(badRequest).toBeInstanceOf(WorkerProtocolError);
    expect(badRequest.message).toMatch(/^The worker received a malformed message: job\.request\.cut: /);
    // A request of one kind sent as another is refused: each kind has its own schema.
    expect(caught(() => parseToWorker({ type: 'start', libraryPath: '/l.db', job: { kind: 'train', request: { path: '/season' } } })).message).toMatch(/job\.request\.runId/);
    expect(caught(() => parseToWorker({ type: 'start', libraryPath: '', job: { kind: 'train', request: { runId: 1 } } })).message).toMatch(/libraryPath/);
    expect(caught(() => parseToWorker({ type: 'start', libraryPath: '/l.db', job: { kind: 'format-disk', request: {} } })).message).toMatch(/job\.kind/);
    expect(caught(() => parseToWorker({ type: 'cancel', now: true })).message).toMatch(/now/);
    expect(caught(() => parseToWorker('cancel'))).toBeInstanceOf(WorkerProtocolError);
  });
});

describe('messages from a worker', () => {
  it('accepts progress, a result and an error', () => {
    expect(parseFromWorker({ type: 'progress', done: 2, total: 5, label: 'clips → features' })).toEqual({ type: 'progress', done: 2, total: 5, label: 'clips → features' });
    expect(parseFromWorker({ type: 'error', error: { name: 'CancelledError', message: 'stopped' } })).toMatchObject({ type: 'error' });
    const result = parseFromWorker({ type: 'result', kind: 'import', result: { ...importSummary, timings: { totalS: 1 } } });
    if (result.type !== 'result') throw new Error('not a result');
    // What the job's kind does not define (the CLI's timings) is dropped, not passed on.
    expect(parseWorkerResult('import', result)).toEqual(importSummary);
  });

  it('refuses malformed progress with a clear error', () => {
    const error = caught(() => parseFromWorker({ type: 'progress', done: -1, total: 5, label: 'x' }));
    expect(error).toBeInstanceOf(WorkerProtocolError);
    expect(error.message).toMatch(/^The worker sent a malformed message: done: /);
    expect(caught(() => parseFromWorker({ type: 'progress', done: 1.5, total: 5, label: 'x' })).message).toMatch(/done/);
    expect(caught(() => parseFromWorker({ type: 'progress', done: 1, total: 5 })).message).toMatch(/label/);
    expect(caught(() => parseFromWorker({ type: 'shout', text: 'hi' })).message).toMatch(/type/);
    expect(caught(() => parseFromWorker(null))).toBeInstanceOf(WorkerProtocolError);
  });

  it('refuses a result of another kind, or one that does not match its kind’s schema', () => {
    const wrongKind = parseFromWorker({ type: 'result', kind: 'extract', result: {} });
    if (wrongKind.type !== 'result') throw new Error('not a result');
    expect(caught(() => parseWorkerResult('import', wrongKind)).message).toBe('The worker answered with a result for a “extract” job, not for the “import” job it was given.');

    const missing = parseFromWorker({ type: 'result', kind: 'import', result: { ...importSummary, playsAdded: 'four' } });
    if (missing.type !== 'result') throw new Error('not a result');
    const error = caught(() => parseWorkerResult('import', missing));
    expect(error).toBeInstanceOf(WorkerProtocolError);
    expect(error.message).toMatch(/^The worker sent a malformed import result: playsAdded: /);

    const train = parseFromWorker({ type: 'result', kind: 'train', result: { run: 0, name: 'x', status: 'finished', engine: 'e', epochs: 1, bestEpoch: 1, stoppedBy: 'epochs', metrics: null, note: null } });
    if (train.type !== 'result') throw new Error('not a result');
    expect(caught(() => parseWorkerResult('train', train)).message).toMatch(/train result: run: /);
  });

  it('accepts a frame sent ahead by an activationFrames job; refuses one for another kind, a kind that sends none, or a malformed one', () => {
    const frame = { playId: 3, frame: 7, size: 8, rgb: '', layers: [] };
    const partial = (kind: string, value: unknown) => parseFromWorker({ type: 'partial', kind, value }) as Parameters<typeof parseWorkerPartial>[1];
    expect(parseWorkerPartial('activationFrames', partial('activationFrames', frame))).toEqual(frame);
    expect(caught(() => parseWorkerPartial('activationFrames', partial('import', frame))).message).toMatch(/partial for a “import” job, not for the “activationFrames” job/);
    expect(caught(() => parseWorkerPartial('import', partial('import', frame))).message).toMatch(/which sends none/);
    expect(caught(() => parseWorkerPartial('activationFrames', partial('activationFrames', { ...frame, frame: -1 }))).message).toMatch(/^The worker sent a malformed activationFrames partial: frame/);
  });

  it('keeps a diverged loss as it was (NaN is a number the report may carry)', () => {
    const epoch = { epoch: 1, loss: Number.NaN, accuracy: 0, valLoss: Number.POSITIVE_INFINITY, valAccuracy: 0, seconds: 1 };
    const result = {
      runId: 4, kind: 'clip', engine: 'tfjs-cpu', epochs: [epoch], bestEpoch: 0, stoppedBy: 'nan', reason: 'loss became NaN',
      split: { trainGameIds: [1], validationGameIds: [3], heldOutGameIds: [2], trainPlays: 3, validationPlays: 2, heldOutPlays: 1, trainSamples: 3, heldOutSamples: 1 },
      heldOut: null, heldOutPlays: null, params: { total: 10, trainable: 5, backboneTrainable: 0 }, trainableLayers: [],
      frozen: { layers: [], sha256Before: 'a', sha256After: 'a', unchanged: true }, seconds: 1, samplesPerSecond: 3, weightSet: null,
    };
    const message = parseFromWorker({ type: 'result', kind: 'transfer', result });
    if (message.type !== 'result') throw new Error('not a result');
    expect(parseWorkerResult('transfer', message).epochs[0]!.loss).toBeNaN();
  });
});
