/**
 * The model table's arithmetic, kept out of the components so it is unit-tested: shapes as Keras
 * prints them, and which VGG16 convs a `trainable` list names once 'all' and blocks are spelled out.
 */
import type { LayerDescription, TrainableLayers } from '../../../../shared/api/transfer.js';
import { VGG16_CONV_NAMES } from '../../../../shared/api/transfer.js';
import { VGG16_LAYER_NAMES } from '../../../../shared/api/vgg16-layers.js';

type ConvName = (typeof VGG16_CONV_NAMES)[number];

/** [null, 40, 7, 7, 512] → "(None, 40, 7, 7, 512)", as Keras's model.summary() writes it. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** The convs a model cut at `cut` has (every conv for an unknown name: the server will say what is wrong). */
export function convsUpTo(cut: string): ConvName[] {
  const last = (VGG16_LAYER_NAMES as readonly string[]).indexOf(cut);
  return VGG16_CONV_NAMES.filter((conv) => last === -1 || VGG16_LAYER_NAMES.indexOf(conv) <= last);
}

/** The convs a trainable list makes train in a model cut at `cut`: 'all', whole blocks and single convs, spelled out. */
export function trainableConvs(trainable: TrainableLayers, cut: string): Set<string> {
  const inModel = convsUpTo(cut);
  const chosen = new Set<string>();
  for (const item of trainable) {
    for (const conv of inModel) {
      if (item === 'all' || item === conv || conv.startsWith(`${item}_`)) chosen.add(conv);
    }
  }
  return chosen;
}

/**
 * A trainable list as the convs it names in a model cut at `cut`, in network order: always valid
 * for that cut (convs past it are dropped, which a schema would otherwise refuse).
 */
export function spellOut(trainable: TrainableLayers, cut: string): ConvName[] {
  const chosen = trainableConvs(trainable, cut);
  return convsUpTo(cut).filter((conv) => chosen.has(conv));
}

/** The trainable list after turning one conv on or off, spelled out (see spellOut). */
export function toggleTrainable(trainable: TrainableLayers, cut: string, conv: string, on: boolean): ConvName[] {
  const chosen = trainableConvs(trainable, cut);
  if (on) chosen.add(conv);
  else chosen.delete(conv);
  return convsUpTo(cut).filter((name) => chosen.has(name));
}

/** Whether a row's trainable flag is the user's to change: the VGG16 convs (the rest always train or hold nothing). */
export function isToggleable(layer: Pick<LayerDescription, 'part' | 'params' | 'name'>): boolean {
  return layer.part === 'backbone' && layer.params > 0 && (VGG16_CONV_NAMES as readonly string[]).includes(layer.name);
}

export const PART_NAMES: Readonly<Record<LayerDescription['part'], string>> = {
  input: 'Input',
  backbone: 'VGG16 backbone',
  pooling: 'Per-frame pooling',
  stack: 'Stacked network',
  head: 'RNN head',
  classifier: 'Classifier',
};

/** The rows grouped by part, in model order (a part's rows are contiguous in every model). */
export function groupByPart<T extends Pick<LayerDescription, 'part'>>(layers: readonly T[]): { part: LayerDescription['part']; layers: T[] }[] {
  const groups: { part: LayerDescription['part']; layers: T[] }[] = [];
  for (const layer of layers) {
    const last = groups.at(-1);
    if (last?.part === layer.part) last.layers.push(layer);
    else groups.push({ part: layer.part, layers: [layer] });
  }
  return groups;
}
