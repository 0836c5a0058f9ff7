import type { AppInfo, AppService, ChooseFolderRequest, FrontDoor, JobProgress } from '../../shared/api/app.js';
import { Emitter } from '../../shared/events.js';
import { engineReport } from '../ml/engine-report.js';
import { FILMROOM_VERSION } from '../version.js';

export class AppServiceImpl implements AppService {
  private readonly progress = new Emitter<JobProgress>();
  readonly onDidProgress = this.progress.event;

  /** Set by the desktop shell, which alone can show the system's dialogs. */
  folderPicker: ((title: string) => Promise<string | null>) | undefined;

  constructor(
    private readonly frontDoor: FrontDoor,
    private readonly libraryPath: string,
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

  /** Long work reports here; every front door forwards it to its views. */
  reportProgress(progress: JobProgress): void {
    this.progress.fire(progress);
  }

  dispose(): void {
    this.progress.dispose();
  }
}
