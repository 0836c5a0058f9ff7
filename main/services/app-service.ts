import type { AppInfo, AppService, ChooseFolderRequest, ChooseSaveFileRequest, DownloadUrlRequest, FrontDoor, JobProgress, MediaUrlRequest } from '../../shared/api/app.js';
import { NotFoundError } from '../../shared/errors.js';
import path from 'node:path';
import { Emitter } from '../../shared/events.js';
import { engineReport } from '../ml/engine-report.js';
import { FILMROOM_VERSION } from '../version.js';
import type { PageFilePolicy } from './page-file-policy.js';

export class AppServiceImpl implements AppService {
  private readonly progress = new Emitter<JobProgress>();
  readonly onDidProgress = this.progress.event;

  /** Set by the desktop shell, which alone can show the system's dialogs. */
  folderPicker: ((title: string) => Promise<string | null>) | undefined;
  /** Set by the desktop shell: the system's save dialog, starting in `defaultPath`. */
  saveFilePicker: ((title: string, defaultPath: string) => Promise<string | null>) | undefined;
  /** Set by browser mode's host, which signs video addresses; the desktop app's protocol needs no signature. */
  mediaUrlSigner: ((gameId: number) => string) | undefined;
  /** Set by browser mode's host: a signed address for a clip export's file. */
  downloadUrlSigner: ((jobId: string, file: number) => string) | undefined;
  /** A finished clip export's file by job and index (the jobs service knows them). */
  exportedFile: ((jobId: string, file: number) => string | undefined) | undefined;

  constructor(
    private readonly frontDoor: FrontDoor,
    private readonly libraryPath: string,
    private readonly files?: PageFilePolicy,
  ) {}

  async info(): Promise<AppInfo> {
    return {
      name: 'Film Room',
      version: FILMROOM_VERSION,
      frontDoor: this.frontDoor,
      libraryPath: this.libraryPath,
      platform: process.platform,
      canChooseFolder: this.folderPicker !== undefined,
      engines: await engineReport(),
    };
  }

  async chooseFolder(request: ChooseFolderRequest): Promise<string | null> {
    return this.folderPicker ? this.folderPicker(request.title) : null;
  }

  /** What the user picks here may be exported to, though it is outside the reports folder. */
  async chooseSaveFile(request: ChooseSaveFileRequest): Promise<string | null> {
    if (!this.saveFilePicker || !this.files) return null;
    const chosen = await this.saveFilePicker(request.title, path.join(this.files.reportsFolder, request.defaultName));
    if (chosen) this.files.grant(chosen);
    return chosen;
  }

  async mediaUrl(request: MediaUrlRequest): Promise<string> {
    return this.mediaUrlSigner ? this.mediaUrlSigner(request.gameId) : `/media/game/${request.gameId}`;
  }

  async downloadUrl(request: DownloadUrlRequest): Promise<string> {
    if (!this.exportedFile?.(request.jobId, request.file)) {
      throw new NotFoundError(`Job ${request.jobId} has no finished file ${request.file + 1} to download: it may still be running, have failed, or its file was moved.`);
    }
    return this.downloadUrlSigner ? this.downloadUrlSigner(request.jobId, request.file) : `/media/export/${request.jobId}/${request.file}`;
  }

  /** Long work reports here; every front door forwards it to its views. */
  reportProgress(progress: JobProgress): void {
    this.progress.fire(progress);
  }

  dispose(): void {
    this.progress.dispose();
  }
}
