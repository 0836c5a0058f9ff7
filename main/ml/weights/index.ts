export { WeightsError, type ConvWeights, type WeightSet } from './weight-set.js';
export { MissingLayersError, checkWritableSet, convLayersUpTo, deepestCut, expectedKernelShape, type ReadWeightsOptions } from './conv-layers.js';
export { readKerasH5 } from './keras-h5-read.js';
export { writeKerasH5, KERAS_VERSION } from './keras-h5-write.js';
export { readTfjsModel } from './tfjs-read.js';
export { writeTfjsModel, TFJS_SHARD_BYTES, TFJS_MODEL_FILE } from './tfjs-write.js';
export { randomWeights, glorotLimit } from './random-weights.js';
export { weightsSha256 } from './weights-hash.js';
export {
  fetchImagenetWeights,
  IMAGENET_WEIGHTS_FILE,
  IMAGENET_WEIGHTS_MD5,
  IMAGENET_WEIGHTS_URL,
  type DownloadProgress,
  type FetchImagenetOptions,
} from './imagenet.js';
