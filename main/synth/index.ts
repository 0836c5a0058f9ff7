/**
 * The synthetic season generator. The CLI's `filmroom synth` calls synthesizeSeason; the pure
 * pieces (PRNG, choreographies, rasteriser) are exported for tests and tools.
 */
export { synthesizeSeason, type SynthesizeResult } from './synthesize-season.js';
export { type SynthesizeOptions, resolveOptions, heightFor, DEFAULT_WIDTH, DEFAULT_FPS, LIMITS } from './options.js';
export { EncodeError } from './encoder.js';
export { choreograph, PLAY_TYPE_IDS, type Choreography, type ChoreographyParams, type SceneFrame, type SynthPlayType } from './choreography.js';
export { createRng, type Rng } from '../system/prng.js';
export { type Canvas, type Rgb, createCanvas, fillRect, fillCircle, strokeCircle, drawLine } from './raster.js';
export { GENERATOR_VERSION } from './season-files.js';
