import { CancelledError } from '../../shared/errors.js';

/** Runs `work` over `items`, at most `limit` at a time, stopping early when the signal aborts. */
export async function runPool<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw new CancelledError('The import was cancelled; run it again to finish it.');
      await work(items[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
