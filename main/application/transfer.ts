import type { Database } from 'better-sqlite3';
import type { TransferEpoch, TransferRunResult, TransferRunSpec } from '../../shared/api/transfer.js';
import { CancelledError } from '../../shared/errors.js';
import { ClipCache } from '../media/clip-cache.js';
import type { TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { runTransfer } from '../training/run-transfer.js';
import type { JobContext } from './job-context.js';

/**
 * Any transfer run from one spec (`filmroom transfer`, `finetune`, `stack`, `backbone train`, the
 * model view), stored as a training run: a cancelled run keeps its checkpoint and throws CancelledError.
 */
export async function runTransferJob(
  db: Database, spec: TransferRunSpec, options: { saveAs?: string | undefined; backend?: TfjsBackendChoice | undefined; onEpoch?: (epoch: TransferEpoch) => void },
  context: JobContext = {},
): Promise<TransferRunResult> {
  const result = await runTransfer(db, ClipCache.besideLibrary(db.name), spec, {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.saveAs !== undefined ? { saveAs: options.saveAs } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
    onProgress: ({ done, total, label }) => context.onProgress?.({ done, total, label }),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  if (result.stoppedBy === 'cancelled') throw new CancelledError(`Run ${result.runId} was cancelled after ${result.epochs.length} epochs; \`filmroom train --resume ${result.runId}\` continues it.`);
  return result;
}
