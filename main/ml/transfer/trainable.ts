/**
 * Which VGG16 conv layers train, from the user's words ('all', 'block5', 'block4_conv3'), checked
 * against the cut: naming a layer the model does not have is an error, not a silent no-op.
 */
import { VGG16_LAYERS, layersUpTo, type VggConvLayer } from '../vgg16/architecture.js';

/** The trainable conv layers, in architecture order. */
export function resolveTrainable(cut: string, selection: readonly string[]): string[] {
  const convs = layersUpTo(cut).filter((l): l is VggConvLayer => l.kind === 'conv');
  const chosen = new Set<string>();
  for (const item of selection) {
    if (item === 'all') {
      convs.forEach((l) => chosen.add(l.name));
      continue;
    }
    const block = /^block([1-5])$/.exec(item);
    const matches = block ? VGG16_LAYERS.filter((l) => l.kind === 'conv' && l.block === Number(block[1])) : VGG16_LAYERS.filter((l) => l.name === item);
    if (matches.length === 0 || matches.some((l) => l.kind !== 'conv')) {
      throw new RangeError(`"${item}" is not a VGG16 block or conv layer: name 'all', block1 … block5, or a conv such as block5_conv3`);
    }
    const inModel = matches.filter((l) => convs.some((c) => c.name === l.name));
    if (inModel.length === 0) throw new RangeError(`${item} lies beyond the cut ${cut}: the model has no such layer to train`);
    inModel.forEach((l) => chosen.add(l.name));
  }
  return convs.filter((l) => chosen.has(l.name)).map((l) => l.name);
}

/** The conv layers up to the cut that stay frozen. */
export function frozenLayers(cut: string, trainable: readonly string[]): string[] {
  return layersUpTo(cut).filter((l) => l.kind === 'conv' && !trainable.includes(l.name)).map((l) => l.name);
}
