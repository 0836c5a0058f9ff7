/**
 * The `modelTopology` of a TensorFlow.js `model.json` for the VGG16 conv base up to a cut: the
 * Keras functional-model config that the TF.js converter copies from Keras, so that
 * `tf.loadLayersModel` can rebuild the model (any input size: the spatial dims are null) and
 * load the weights by their names (`block1_conv1/kernel`, `block1_conv1/bias`).
 */
import { layersUpTo } from '../vgg16/architecture.js';
import { KERAS_INPUT_NAME, KERAS_VERSION } from './keras-h5-write.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function vgg16Topology(cut: string): { [key: string]: Json } {
  const layers: Json[] = [
    {
      class_name: 'InputLayer',
      name: KERAS_INPUT_NAME,
      config: { batch_input_shape: [null, null, null, 3], dtype: 'float32', sparse: false, ragged: false, name: KERAS_INPUT_NAME },
      inbound_nodes: [],
    },
  ];
  let previous = KERAS_INPUT_NAME;
  for (const layer of layersUpTo(cut)) {
    const common = { name: layer.name, trainable: true, dtype: 'float32', data_format: 'channels_last' };
    const config: { [key: string]: Json } = layer.kind === 'conv'
      ? {
          ...common,
          filters: layer.filters,
          kernel_size: [layer.kernel, layer.kernel],
          strides: [1, 1],
          padding: 'same',
          dilation_rate: [1, 1],
          activation: 'relu',
          use_bias: true,
          kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null,
          bias_regularizer: null,
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
        }
      : { ...common, pool_size: [2, 2], padding: 'valid', strides: [2, 2] };
    layers.push({
      class_name: layer.kind === 'conv' ? 'Conv2D' : 'MaxPooling2D',
      name: layer.name,
      config,
      inbound_nodes: [[[previous, 0, 0, {}]]],
    });
    previous = layer.name;
  }
  return {
    class_name: 'Functional',
    config: { name: 'vgg16', layers, input_layers: [[KERAS_INPUT_NAME, 0, 0]], output_layers: [[previous, 0, 0]] },
    keras_version: KERAS_VERSION,
    backend: 'tensorflow',
  };
}
