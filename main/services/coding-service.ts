import type { Database } from 'better-sqlite3';
import type {
  AddPlayRequest,
  CodingResult,
  CodingService,
  DeletePlayRequest,
  EditPlayRequest,
  MergePlaysRequest,
  SplitPlayRequest,
  TrimPlayRequest,
} from '../../shared/api/coding.js';
import type { ClipBackfill } from '../coding/clip-backfill.js';
import { addPlay, codingHistory, deletePlay, editPlay, mergePlays, redoCoding, splitPlay, trimPlay, undoCoding } from '../coding/coding-operations.js';
import type { LibraryServiceImpl } from './library-service.js';

/**
 * Coding operations for the front doors; each change is saved before the promise resolves and tells
 * the views. A play made or re-spanned gets its clip sampled afterwards, in the background.
 */
export class CodingServiceImpl implements CodingService {
  constructor(
    private readonly db: Database,
    private readonly library: LibraryServiceImpl,
    readonly clips?: ClipBackfill,
  ) {}

  private changed<T extends CodingResult | null>(result: T): T {
    if (!result) return result;
    this.library.notifyChanged({ kind: 'plays' });
    // An edit of details keeps the span (and the clip); the backfill skips plays that have one anyway.
    if (result.operation !== 'edit') this.clips?.schedule(result.plays.map((play) => play.id));
    return result;
  }

  /** Stops the background sampling (the library is closing). */
  async dispose(): Promise<void> {
    await this.clips?.close();
  }

  async addPlay(request: AddPlayRequest) {
    return this.changed(addPlay(this.db, request));
  }
  async trimPlay(request: TrimPlayRequest) {
    return this.changed(trimPlay(this.db, request));
  }
  async splitPlay(request: SplitPlayRequest) {
    return this.changed(splitPlay(this.db, request));
  }
  async deletePlay(request: DeletePlayRequest) {
    return this.changed(deletePlay(this.db, request));
  }
  async mergePlays(request: MergePlaysRequest) {
    return this.changed(mergePlays(this.db, request));
  }
  async editPlay(request: EditPlayRequest) {
    return this.changed(editPlay(this.db, request));
  }
  async undo() {
    return this.changed(undoCoding(this.db));
  }
  async redo() {
    return this.changed(redoCoding(this.db));
  }
  async history() {
    return codingHistory(this.db);
  }
}
