import { z } from 'zod';
import type { Event } from '../events.js';

export const AppInfoRequest = z.object({}).strict();
export const ChooseFolderRequest = z.object({ title: z.string().min(1).max(200) }).strict();
export type ChooseFolderRequest = z.input<typeof ChooseFolderRequest>;
export const ChooseSaveFileRequest = z
  .object({ title: z.string().min(1).max(200), defaultName: z.string().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, not a path') })
  .strict();
export type ChooseSaveFileRequest = z.input<typeof ChooseSaveFileRequest>;
export const MediaUrlRequest = z.object({ gameId: z.number().int('must be a whole number').positive('must be a positive id') }).strict();
export type MediaUrlRequest = z.input<typeof MediaUrlRequest>;
export const DownloadUrlRequest = z
  .object({ jobId: z.string().regex(/^clips-\d+$/, 'not a clip export job'), file: z.number().int().min(0).max(100_000) })
  .strict();
export type DownloadUrlRequest = z.input<typeof DownloadUrlRequest>;

export type FrontDoor = 'electron' | 'browser' | 'cli';

export interface AppInfo {
  name: 'Film Room';
  version: string;
  /** How the user reached the app: the desktop window, browser mode, or the command line. */
  frontDoor: FrontDoor;
  libraryPath: string;
  platform: string;
  /** Whether chooseFolder can show the system's folder dialog (the desktop app) or the UI must ask for a path. */
  canChooseFolder: boolean;
  /** The engines in use, in words: feature extraction and training. */
  engines: { inference: string; training: string };
}

interface JobProgressBase {
  jobId: string;
  label: string;
  done: number;
  total: number;
  /** Seconds left, estimated from the recent rate; null until there is a rate to go on. */
  etaS: number | null;
  state: 'running' | 'finished' | 'failed' | 'cancelled';
  message?: string;
}

/**
 * Work that takes long enough to deserve a progress bar, by kind, with the ids it concerns: a
 * training run's `runId`, an extraction's `featureSetId` once known. Views read these, never `jobId`.
 */
export type JobProgress =
  | (JobProgressBase & { kind: 'import' })
  | (JobProgressBase & { kind: 'extract'; featureSetId: number | null })
  | (JobProgressBase & { kind: 'train'; runId: number })
  | (JobProgressBase & { kind: 'transfer' })
  | (JobProgressBase & { kind: 'surgery' })
  | (JobProgressBase & { kind: 'clips' });

export interface AppService {
  info(request: Record<string, never>): Promise<AppInfo>;
  /** The system's folder dialog; null when the user cancels or there is no dialog (browser mode). */
  chooseFolder(request: ChooseFolderRequest): Promise<string | null>;
  /**
   * The system's save dialog (the desktop app): the one way to export outside the library's reports
   * folder from a page. null when the user cancels or there is no dialog (browser mode).
   */
  chooseSaveFile(request: ChooseSaveFileRequest): Promise<string | null>;
  /** The address the page plays a game's video from (in browser mode signed, and valid for a while). */
  mediaUrl(request: MediaUrlRequest): Promise<string>;
  /**
   * The address a page downloads a finished clip export's file from (its `file`-th file), by job,
   * never by path: in browser mode signed and valid for a while, like a video's.
   */
  downloadUrl(request: DownloadUrlRequest): Promise<string>;
  readonly onDidProgress: Event<JobProgress>;
}

export const appContract = {
  methods: {
    info: AppInfoRequest,
    chooseFolder: ChooseFolderRequest,
    chooseSaveFile: ChooseSaveFileRequest,
    mediaUrl: MediaUrlRequest,
    downloadUrl: DownloadUrlRequest,
  },
  events: ['onDidProgress'],
} as const;
