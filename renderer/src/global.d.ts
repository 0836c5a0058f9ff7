import type { FilmRoomApi } from '../../shared/api/index.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode, where the API goes over a WebSocket. */
    readonly filmroom?: FilmRoomApi;
  }
}

export {};
