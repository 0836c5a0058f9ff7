import type { AppInfo, AppService } from '../../../shared/api/app.js';
import { Resource } from './resource.svelte.js';

/** What the header shows about this session: version, front door, the library file. */
export class AppInfoState {
  readonly info = new Resource<AppInfo>();

  readonly #app: AppService;

  constructor(app: AppService) {
    this.#app = app;
  }

  load(): Promise<void> {
    return this.info.load(() => this.#app.info({}), { keep: true });
  }

  get libraryPath(): string | undefined {
    return this.info.value?.libraryPath;
  }

  get platform(): string | undefined {
    return this.info.value?.platform;
  }
}
