/**
 * VGG16 after layer surgery, as pure data (like architecture.ts): the layer list with block1's two
 * 3×3 convs replaced by one 5×5 conv (`block1_conv5x5`), and/or a conv inserted right after a
 * named layer (`<after>_insert<k>x<k>`, as many filters as channels there). Names say where a
 * layer goes, so a weight set's names alone give its architecture (see `variantLayers`).
 */
import { layersUpTo, VGG16_LAYERS, VGG16_LAYER_NAMES } from './architecture.js';

export interface ConvSpec {
  readonly name: string;
  readonly kind: 'conv';
  readonly block: number;
  readonly inChannels: number;
  readonly filters: number;
  readonly kernel: number;
}
export interface PoolSpec {
  readonly name: string;
  readonly kind: 'pool';
  readonly block: number;
}
export type NetLayer = ConvSpec | PoolSpec;

export const BLOCK1_CONV5X5 = 'block1_conv5x5';
/** The two layers `block1_conv5x5` replaces. */
export const BLOCK1_CONVS = ['block1_conv1', 'block1_conv2'] as const;
export const INSERT_KERNELS = [1, 3] as const;
export type InsertKernel = (typeof INSERT_KERNELS)[number];

const INSERTED = /^(.+)_insert(\d+)x\2$/;

/** `block3_conv3` + 1 → `block3_conv3_insert1x1`. */
export function insertedLayerName(after: string, kernel: number): string {
  return `${after}_insert${kernel}x${kernel}`;
}

/** The layer an inserted layer follows and its kernel side, or undefined for any other name. */
export function parseInsertedName(name: string): { after: string; kernel: number } | undefined {
  const match = INSERTED.exec(name);
  return match ? { after: match[1]!, kernel: Number(match[2]) } : undefined;
}

/** `layers` with block1_conv1 and block1_conv2 replaced by one 5×5 conv of 64 filters. */
export function replaceBlock1(layers: readonly NetLayer[]): NetLayer[] {
  const first = layers.findIndex((l) => l.name === BLOCK1_CONVS[0]);
  if (first < 0 || layers[first + 1]?.name !== BLOCK1_CONVS[1]) throw new RangeError(`replacing block1 needs ${BLOCK1_CONVS.join(' then ')} in the network`);
  const conv: ConvSpec = { name: BLOCK1_CONV5X5, kind: 'conv', block: 1, inChannels: 3, filters: 64, kernel: 5 };
  return [...layers.slice(0, first), conv, ...layers.slice(first + 2)];
}

/** The channels coming out of layer `name`. */
export function channelsAfter(layers: readonly NetLayer[], name: string): number {
  let channels = 3;
  for (const layer of layers) {
    if (layer.kind === 'conv') channels = layer.filters;
    if (layer.name === name) return channels;
  }
  throw new RangeError(`"${name}" is not a layer of this network. Choose one of: ${layers.map((l) => l.name).join(', ')}.`);
}

/** `layers` with a k×k conv inserted right after `after`, mapping its C channels to C (ReLU, same padding). */
export function insertAfter(layers: readonly NetLayer[], after: string, kernel: number): NetLayer[] {
  if (!(INSERT_KERNELS as readonly number[]).includes(kernel)) throw new RangeError(`an inserted conv's kernel must be ${INSERT_KERNELS.join(' or ')}, got ${String(kernel)}`);
  const channels = channelsAfter(layers, after);
  const index = layers.findIndex((l) => l.name === after);
  const name = insertedLayerName(after, kernel);
  if (layers.some((l) => l.name === name)) throw new RangeError(`the network already has ${name}`);
  const conv: ConvSpec = { name, kind: 'conv', block: layers[index]!.block, inChannels: channels, filters: channels, kernel };
  return [...layers.slice(0, index + 1), conv, ...layers.slice(index + 1)];
}

/** The layers up to and including `cut`; throws with the valid names if `cut` is not one. */
export function layersThrough(layers: readonly NetLayer[], cut: string): NetLayer[] {
  const index = layers.findIndex((l) => l.name === cut);
  if (index < 0) throw new RangeError(`"${cut}" is not a layer of this network. Choose one of: ${layers.map((l) => l.name).join(', ')}.`);
  return layers.slice(0, index + 1);
}

/** Whether `name` can be a conv of a VGG16 variant: a VGG16 conv, `block1_conv5x5` or an inserted layer. */
export function isVariantConvName(name: string): boolean {
  return name === BLOCK1_CONV5X5 || parseInsertedName(name) !== undefined || VGG16_LAYERS.some((l) => l.kind === 'conv' && l.name === name);
}

/**
 * The whole network (to block5_pool) whose convs have these names: VGG16, block1 replaced when
 * `block1_conv5x5` is among them, a layer inserted for each `<after>_insert<k>x<k>` (after a
 * VGG16 layer or block1_conv5x5). Throws a RangeError naming a name it cannot place.
 */
export function variantLayers(convNames: Iterable<string>): NetLayer[] {
  const names = [...convNames];
  let layers: NetLayer[] = [...VGG16_LAYERS];
  if (names.includes(BLOCK1_CONV5X5)) layers = replaceBlock1(layers);
  const inserts = names.map((name) => ({ name, parsed: parseInsertedName(name) })).filter((n) => n.parsed);
  const order = (after: string) => (after === BLOCK1_CONV5X5 ? 0.5 : VGG16_LAYER_NAMES.indexOf(after));
  // Names alone cannot order two layers inserted after the same one: refuse rather than guess.
  const afters = inserts.map((n) => n.parsed!.after);
  const twice = afters.find((after, i) => afters.indexOf(after) !== i);
  if (twice) throw new RangeError(`two layers are inserted after ${twice} (${inserts.filter((n) => n.parsed!.after === twice).map((n) => n.name).join(', ')}): their order cannot be told from their names; insert one layer after ${twice}`);
  inserts.sort((a, b) => order(a.parsed!.after) - order(b.parsed!.after));
  for (const { name, parsed } of inserts) {
    if (!layers.some((l) => l.name === parsed!.after)) throw new RangeError(`${name} follows ${parsed!.after}, which this network does not have`);
    layers = insertAfter(layers, parsed!.after, parsed!.kernel);
  }
  const known = new Set(layers.map((l) => l.name));
  const foreign = names.filter((n) => !known.has(n));
  if (foreign.length > 0) throw new RangeError(`not layers of VGG16 or of a VGG16 variant: ${foreign.join(', ')}`);
  return layers;
}

/** The convs of `layers`, in order. */
export function convsOf(layers: readonly NetLayer[]): ConvSpec[] {
  return layers.filter((l): l is ConvSpec => l.kind === 'conv');
}

/** The layer a written set ends at: `lastConv`, or the pool right after it when one follows. */
export function cutAfter(layers: readonly NetLayer[], lastConv: string): string {
  const index = layers.findIndex((l) => l.name === lastConv);
  const next = layers[index + 1];
  return next && next.kind === 'pool' ? next.name : lastConv;
}

/** Weights of a conv: kh·kw·in·out + out. */
export function convParams(layer: ConvSpec): number {
  return layer.kernel * layer.kernel * layer.inChannels * layer.filters + layer.filters;
}

/** Whether weights with these names are an edited VGG16 (block1 replaced, or a layer inserted). */
export function isEditedSet(names: Iterable<string>): boolean {
  for (const name of names) if (name === BLOCK1_CONV5X5 || parseInsertedName(name)) return true;
  return false;
}

/**
 * The network a weight set's names describe, up to `cut`: VGG16 itself (`layersUpTo`) for a plain
 * set, else the edited network. Every engine builds from this, so an edited set runs wherever a
 * plain one does. Cuts keep VGG16's names (block1_pool … block5_pool), and their output shapes.
 */
export function networkUpTo(names: Iterable<string>, cut: string): NetLayer[] {
  const list = [...names];
  return isEditedSet(list) ? layersThrough(variantLayers(list), cut) : layersUpTo(cut);
}

/**
 * The deepest VGG16 layer (a cut name) that weights with these names reach without a gap, for a
 * plain set or an edited one; undefined when they reach none.
 */
export function deepestVggLayer(names: Iterable<string>): string | undefined {
  const present = new Set(names);
  let deepest: string | undefined;
  for (const layer of isEditedSet(present) ? variantLayers(present) : VGG16_LAYERS) {
    if (layer.kind === 'conv' && !present.has(layer.name)) break;
    if (VGG16_LAYER_NAMES.includes(layer.name)) deepest = layer.name;
  }
  return deepest;
}
