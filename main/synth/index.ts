/** The synthetic season generator: the CLI's `filmroom synth` calls synthesizeSeason. */
export { synthesizeSeason, type SynthesizeResult } from './synthesize-season.js';
export { type SynthesizeOptions, resolveOptions, heightFor, DEFAULT_WIDTH, DEFAULT_FPS } from './options.js';
export { EncodeError } from './encoder.js';
export { choreograph, PLAY_TYPE_IDS, type Choreography, type SceneFrame, type SynthPlayType } from './choreography.js';
export { createRng, type Rng } from './prng.js';
export { GENERATOR_VERSION } from './season-files.js';
