/** VGG16's conv-base layer names as Keras spells them (main/ml/vgg16/architecture.ts builds the same list). */
export const VGG16_LAYER_NAMES = [
  'block1_conv1', 'block1_conv2', 'block1_pool',
  'block2_conv1', 'block2_conv2', 'block2_pool',
  'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
  'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool',
  'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
] as const;
