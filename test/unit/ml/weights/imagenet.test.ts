import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGENET_WEIGHTS_FILE, IMAGENET_WEIGHTS_URL, fetchImagenetWeights, type DownloadProgress } from '../../../../main/ml/weights/imagenet.js';
import { WeightsError } from '../../../../main/ml/weights/weight-set.js';
import { tempDir } from '../../../helpers/temp.js';

// The real network is unreachable here: these fakes stand in for fetch, the one place a fake is right.
const BODY = Buffer.from('not really 58 MB of VGG16 weights, but bytes all the same\n'.repeat(200));
const BODY_MD5 = createHash('md5').update(BODY).digest('hex');

function servingFetch(body: Buffer, calls: string[] = [], status = 200): typeof fetch {
  return (async (input: string | URL | Request) => {
    calls.push(String(input));
    // Two chunks, so progress is reported more than once.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(body.subarray(0, 1000)));
        controller.enqueue(new Uint8Array(body.subarray(1000)));
        controller.close();
      },
    });
    return new Response(status === 200 ? stream : null, { status, headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
}

const offlineFetch = (async () => {
  throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND storage.googleapis.com') });
}) as typeof fetch;

describe('fetchImagenetWeights', () => {
  it('downloads to a temp file, checks the MD5, renames into place, and reports progress', async () => {
    const dir = tempDir();
    const calls: string[] = [];
    const progress: DownloadProgress[] = [];
    const file = await fetchImagenetWeights(path.join(dir, 'weights'), {
      fetch: servingFetch(BODY, calls),
      md5: BODY_MD5,
      onProgress: (p) => progress.push(p),
    });
    expect(file).toBe(path.join(dir, 'weights', IMAGENET_WEIGHTS_FILE));
    expect(calls).toEqual([IMAGENET_WEIGHTS_URL]);
    expect(fs.readFileSync(file).equals(BODY)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'weights'))).toEqual([IMAGENET_WEIGHTS_FILE]);
    expect(progress).toEqual([
      { receivedBytes: 1000, totalBytes: BODY.length },
      { receivedBytes: BODY.length, totalBytes: BODY.length },
    ]);
  });

  it('does not download again when the file is in place with the right MD5', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, IMAGENET_WEIGHTS_FILE), BODY);
    const calls: string[] = [];
    expect(await fetchImagenetWeights(dir, { fetch: servingFetch(BODY, calls), md5: BODY_MD5 })).toBe(path.join(dir, IMAGENET_WEIGHTS_FILE));
    expect(calls).toEqual([]);
  });

  it('refuses a body whose MD5 is not Keras\'s, and deletes the temp file', async () => {
    const dir = tempDir();
    const error = await fetchImagenetWeights(dir, { fetch: servingFetch(BODY) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    expect((error as Error).message).toContain(`MD5 ${BODY_MD5}, expected 6d6bbae143d832006294945121d1f1fc`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('offline: one clear message saying where to put the file by hand and how to register it', async () => {
    const dir = tempDir();
    const error = await fetchImagenetWeights(dir, { fetch: offlineFetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    const message = (error as Error).message;
    expect(message).toContain('offline');
    expect(message).toContain('ENOTFOUND');
    expect(message).toContain(`put it at ${path.join(dir, IMAGENET_WEIGHTS_FILE)}`);
    expect(message).toContain('filmroom weights import FILE');
    expect(message.split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an HTTP error says what the server answered, with the same way out', async () => {
    const dir = tempDir();
    await expect(fetchImagenetWeights(dir, { fetch: servingFetch(BODY, [], 404) })).rejects.toThrow(/answered 404.*filmroom weights import FILE/);
  });

  it('cancelled: rethrows the abort and leaves nothing behind', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const error = await fetchImagenetWeights(dir, {
      fetch: servingFetch(BODY),
      md5: BODY_MD5,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(WeightsError);
    expect((error as Error).name).toBe('AbortError');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
