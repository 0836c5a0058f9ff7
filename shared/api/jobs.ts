import { z } from 'zod';
import { TransferRunSpec, WeightSetName, type Block1SurgeryReport, type TransferRunResult } from './transfer.js';
import { VGG16_LAYER_NAMES } from './vgg16-layers.js';

/** Long work the UI can start, watch (through app.onDidProgress), cancel and read the outcome of. */

export const StartImportRequest = z
  .object({
    /** A season folder, or one annotation or video file, on the machine Film Room runs on. */
    path: z.string().min(1, 'choose a season folder or file to import').max(4096),
    season: z.string().min(1).max(100).optional(),
  })
  .strict();
export type StartImportRequest = z.input<typeof StartImportRequest>;

export const StartExtractionRequest = z
  .object({
    /** A weight set's name or id, or random[:SEED]. */
    weights: z.string().min(1).max(100),
    cut: z.enum(VGG16_LAYER_NAMES),
    pooling: z.enum(['avg', 'max', 'grid', 'none']),
    grid: z.number().int().min(1).max(8).optional(),
    /** Frame size S; default the library's. */
    size: z.number().int().min(32).max(512).optional(),
  })
  .strict();
export type StartExtractionRequest = z.input<typeof StartExtractionRequest>;

export const StartTransferRequest = z
  .object({
    /** The whole run: model (cut, trainable layers, stack or head), optimizer with its two learning rates, epochs. */
    spec: TransferRunSpec,
    /** Save the trained backbone as a weight set of this name (a frozen backbone saves nothing new). */
    saveAs: WeightSetName.optional(),
  })
  .strict();
export type StartTransferRequest = z.input<typeof StartTransferRequest>;

export const StartBlock1SurgeryRequest = z
  .object({
    /** The weight set to edit: a name or id, or random[:SEED]. */
    weights: z.string().min(1).max(200),
    /** The edited set's name in the library; its file is `<library>.weights/<name>.h5`. */
    name: WeightSetName,
    epochs: z.number().int().min(1).max(100).optional(),
    framesPerClip: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type StartBlock1SurgeryRequest = z.input<typeof StartBlock1SurgeryRequest>;

const playId = z.number().int('must be a whole number').positive('must be a positive id');

/** Plays as video (`filmroom clips export`): one MP4 with every play in order, or one MP4 per play. */
export const StartClipExportRequest = z
  .object({
    /** Hand-picked plays, exported in this order. */
    playIds: z.array(playId).min(1, 'choose at least one play').max(10_000).optional(),
    /** Every play of a game, in film order. */
    gameId: playId.optional(),
    /** A playlist's plays, in its order. */
    playlist: z.string().trim().min(1).max(200).optional(),
    layout: z.enum(['one-file', 'per-play']),
    /**
     * From a page: a file name (one-file) or folder name (per-play) inside the library's reports
     * folder, or the path the desktop app's save dialog returned. Default: named for what is exported.
     */
    out: z.string().min(1).max(4096).optional(),
    leadS: z.number().min(0, 'lead is 0 to 60 seconds').max(60, 'lead is 0 to 60 seconds').default(0),
    lagS: z.number().min(0, 'lag is 0 to 60 seconds').max(60, 'lag is 0 to 60 seconds').default(0),
    /** A 2-second title card (type, team, period, clock, player) before each play. */
    titles: z.boolean().default(false),
  })
  .strict()
  .refine((r) => [r.playIds, r.gameId, r.playlist].filter((x) => x !== undefined).length === 1, { message: 'choose the plays: play ids, a game or a playlist (one of them)' });
export type StartClipExportRequest = z.input<typeof StartClipExportRequest>;

export const JobRequest = z.object({ jobId: z.string().regex(/^[a-z]+-\d+$/, 'not a job id') }).strict();
export type JobRequest = z.input<typeof JobRequest>;
export const ListJobsRequest = z.object({}).strict();

export interface ImportIssue {
  file: string;
  line: number | string | null;
  reason: string;
}

export interface ImportSummary {
  gamesAdded: number;
  /** Games whose video was already in the library (same content hash). */
  gamesAlreadyPresent: number;
  playsAdded: number;
  /** Plays already in the library (same game, start and end): not added again. */
  playsSkipped: number;
  clipsAdded: number;
  /** Sportscode codes that are not play types ("Team", "Shot"…), with how often each was skipped. */
  skippedCodes: { code: string; count: number }[];
  errors: ImportIssue[];
  /** Files read anyway that deserve a word (e.g. a Sportscode edit list's unescaped "&"): one per file. */
  warnings: ImportIssue[];
}

/** What a feature extraction did (see `filmroom extract`). */
export interface ExtractionSummary {
  engine: string;
  featureSetId: number;
  dim: number;
  computed: number;
  cached: number;
  clipsSampled: number;
  framesPerSecond: number;
  errors: { file: string; reason: string }[];
}

/** One MP4 a clip export wrote. */
export interface ExportedClipFile {
  path: string;
  playIds: number[];
  /** What the file should last: the plays' spans with lead/lag (clamped to the video), plus title cards. */
  expectedDurationS: number;
  /** Stream copy (every cut on a keyframe), or re-encoded. */
  method: 'copy' | 'encode';
}

/** What a clip export wrote. */
export interface ClipExportSummary {
  files: ExportedClipFile[];
  plays: number;
  /** 'drawtext' with a font, 'blank' (no font found: plain cards), or 'none' (no cards asked for). */
  titleCards: 'drawtext' | 'blank' | 'none';
  font: string | null;
}

interface JobInfoBase {
  jobId: string;
  label: string;
  state: 'running' | 'finished' | 'failed' | 'cancelled';
  done: number;
  total: number;
  etaS: number | null;
  startedAt: string;
  /** The plain-words reason when the job failed. */
  error: string | null;
}

/**
 * A job of the jobs service, by kind: what it was asked (so a UI can show it and run it again) and
 * its outcome once it has one, typed for its kind. Read ids from here, never from `jobId`.
 */
export type JobInfo =
  | (JobInfoBase & { kind: 'import'; request: StartImportRequest; result: ImportSummary | null })
  | (JobInfoBase & {
      kind: 'extract';
      request: StartExtractionRequest;
      /** The feature set written to, once the extraction has finished. */
      featureSetId: number | null;
      result: ExtractionSummary | null;
    })
  /** A transfer run's report (held-out scores, frozen-layer proof, the saved weight set), once it has one. */
  | (JobInfoBase & { kind: 'transfer'; request: StartTransferRequest; result: TransferRunResult | null })
  /** Layer surgery's report (speed-up, feature cosine, the file written), once it has one. */
  | (JobInfoBase & { kind: 'surgery'; request: StartBlock1SurgeryRequest; result: Block1SurgeryReport | null })
  /** A clip export: where it writes (a file, or a folder for one file per play) and, once done, the files. */
  | (JobInfoBase & { kind: 'clips'; request: StartClipExportRequest; target: string; result: ClipExportSummary | null });

export type JobKind = JobInfo['kind'];
export type JobInfoOf<K extends JobKind> = Extract<JobInfo, { kind: K }>;

export interface JobsService {
  startImport(request: StartImportRequest): Promise<JobInfoOf<'import'>>;
  /** Computes backbone features in a worker process (the network would block this one). */
  startExtraction(request: StartExtractionRequest): Promise<JobInfoOf<'extract'>>;
  /** Trains a transfer model (fine-tuning, a stack on a cut) in a worker process, like `filmroom transfer`. */
  startTransfer(request: StartTransferRequest): Promise<JobInfoOf<'transfer'>>;
  /** Replaces VGG16's block1 by one distilled 5×5 conv, like `filmroom backbone replace-block1`. */
  startBlock1Surgery(request: StartBlock1SurgeryRequest): Promise<JobInfoOf<'surgery'>>;
  /**
   * Exports plays as MP4 in a worker process, like `filmroom clips export`. From a page the file
   * goes inside the library's reports folder unless the desktop's save dialog chose it; a cancelled
   * or failed export leaves no partial file behind.
   */
  startClipExport(request: StartClipExportRequest): Promise<JobInfoOf<'clips'>>;
  cancel(request: JobRequest): Promise<JobInfo>;
  get(request: JobRequest): Promise<JobInfo>;
  list(request: Record<string, never>): Promise<JobInfo[]>;
}

export const jobsContract = {
  methods: {
    startImport: StartImportRequest,
    startExtraction: StartExtractionRequest,
    startTransfer: StartTransferRequest,
    startBlock1Surgery: StartBlock1SurgeryRequest,
    startClipExport: StartClipExportRequest,
    cancel: JobRequest,
    get: JobRequest,
    list: ListJobsRequest,
  },
  events: [],
} as const;
