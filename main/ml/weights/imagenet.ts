/**
 * The ImageNet VGG16 conv-base weights Keras publishes, fetched on request: streamed to a temp
 * file beside the destination, MD5-checked against Keras's published hash, then renamed into
 * place. A file already in place with the right hash is not downloaded again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from '../../system/atomic-file.js';
import { WeightsError } from './weight-set.js';

export const IMAGENET_WEIGHTS_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
export const IMAGENET_WEIGHTS_URL = `https://storage.googleapis.com/tensorflow/keras-applications/vgg16/${IMAGENET_WEIGHTS_FILE}`;
export const IMAGENET_WEIGHTS_MD5 = '6d6bbae143d832006294945121d1f1fc';

export interface DownloadProgress {
  readonly receivedBytes: number;
  /** From Content-Length; null when the server does not say. */
  readonly totalBytes: number | null;
}

export interface FetchImagenetOptions {
  /** The fetch to use (default: the global fetch). */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Another source of the same file (a mirror); defaults to Keras's URL and MD5. */
  readonly url?: string;
  readonly md5?: string;
}

/** Downloads (or finds) the weights in `destDir` and returns the file's path. */
export async function fetchImagenetWeights(destDir: string, options: FetchImagenetOptions = {}): Promise<string> {
  const url = options.url ?? IMAGENET_WEIGHTS_URL;
  const md5 = (options.md5 ?? IMAGENET_WEIGHTS_MD5).toLowerCase();
  const dest = path.resolve(destDir, IMAGENET_WEIGHTS_FILE);
  if ((await md5OfFile(dest)) === md5) return dest;

  const byHand = `Download ${url} yourself and put it at ${dest}, or run \`filmroom weights import FILE\` to register a copy you already have.`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new WeightsError(`Could not download the ImageNet VGG16 weights (${reason(error)}): this computer seems to be offline. ${byHand}`, { cause: error });
  }
  if (!response.ok || !response.body) {
    throw new WeightsError(`Could not download the ImageNet VGG16 weights: ${url} answered ${response.status} ${response.statusText}. ${byHand}`);
  }

  await fs.promises.mkdir(path.dirname(dest), { recursive: true });
  const temp = tempPathFor(dest);
  try {
    const got = await download(response, temp, options);
    if (got !== md5) {
      throw new WeightsError(`The downloaded ImageNet VGG16 weights are corrupt: MD5 ${got}, expected ${md5}. Nothing was saved; try again, or: ${byHand}`);
    }
    await fs.promises.rename(temp, dest);
    return dest;
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    if (error instanceof WeightsError || options.signal?.aborted) throw error;
    throw new WeightsError(`The download of the ImageNet VGG16 weights broke off (${reason(error)}). ${byHand}`, { cause: error });
  }
}

/** Streams the body to `temp` (flushed to disk) and returns its MD5. */
async function download(response: Response, temp: string, options: FetchImagenetOptions): Promise<string> {
  const length = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(length) && length > 0 ? length : null;
  const hash = createHash('md5');
  const handle = await fs.promises.open(temp, 'w');
  try {
    const reader = response.body!.getReader();
    let receivedBytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      options.signal?.throwIfAborted();
      hash.update(value);
      await handle.write(value);
      receivedBytes += value.byteLength;
      options.onProgress?.({ receivedBytes, totalBytes });
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** MD5 of a file, or undefined when there is none. */
async function md5OfFile(file: string): Promise<string | undefined> {
  const hash = createHash('md5');
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
