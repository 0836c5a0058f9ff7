import { getContext, setContext } from 'svelte';
import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { AppInfoState } from './app-info.svelte.js';
import type { FeaturesState } from './features.svelte.js';
import type { ImportState } from './import.svelte.js';
import type { JobsState } from './jobs.svelte.js';
import type { LibraryState } from './library.svelte.js';
import type { Navigation } from './navigation.svelte.js';
import type { PlaylistPlayback } from './playlist-playback.svelte.js';
import type { PlaylistsState } from './playlists.svelte.js';
import type { ReviewState } from './review.svelte.js';
import type { TrainingState } from './training.svelte.js';

/** A typed context slot: a missing provider fails loudly at the component that needed it. */
function defineContext<T>(name: string): { get(): T; set(value: T): T } {
  const key = Symbol(name);
  return {
    get() {
      const value = getContext<T | undefined>(key);
      if (value === undefined) throw new Error(`Film Room: no ${name} in context; App.svelte provides it.`);
      return value;
    },
    set(value) {
      return setContext(key, value);
    },
  };
}

const api = defineContext<FilmRoomApi>('api');
const appInfo = defineContext<AppInfoState>('app info');
const library = defineContext<LibraryState>('library state');
const navigation = defineContext<Navigation>('navigation');
const jobs = defineContext<JobsState>('jobs');
const importState = defineContext<ImportState>('import state');
const features = defineContext<FeaturesState>('features state');
const training = defineContext<TrainingState>('training state');
const review = defineContext<ReviewState>('review state');
const playlists = defineContext<PlaylistsState>('playlists state');
const playback = defineContext<PlaylistPlayback>('playlist playback');

export const getApiContext = api.get;
export const setApiContext = api.set;
export const getAppInfoContext = appInfo.get;
export const setAppInfoContext = appInfo.set;
export const getLibraryContext = library.get;
export const setLibraryContext = library.set;
export const getNavigationContext = navigation.get;
export const setNavigationContext = navigation.set;
export const getJobsContext = jobs.get;
export const setJobsContext = jobs.set;
export const getImportContext = importState.get;
export const setImportContext = importState.set;
export const getFeaturesContext = features.get;
export const setFeaturesContext = features.set;
export const getTrainingContext = training.get;
export const setTrainingContext = training.set;
export const getReviewContext = review.get;
export const setReviewContext = review.set;
export const getPlaylistsContext = playlists.get;
export const setPlaylistsContext = playlists.set;
export const getPlaylistPlaybackContext = playback.get;
export const setPlaylistPlaybackContext = playback.set;
