export * as halfcourt from './halfcourt.js';
export * as openFloor from './open-floor.js';
export * as screens from './screens.js';
