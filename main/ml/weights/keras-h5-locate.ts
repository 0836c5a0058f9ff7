/**
 * Finding a conv layer's kernel and bias in the HDF5 layouts Keras has used:
 *
 * - Keras 1 / the published VGG16 files: `/<layer>` with attribute `weight_names`
 *   (`block1_conv1_W_1:0`, `block1_conv1_b_1:0`), datasets directly in the layer's group.
 * - tf.keras 2 `save_weights` (legacy h5): `/<layer>` with `weight_names`
 *   (`block1_conv1/kernel:0`, `block1_conv1/bias:0`), datasets at `/<layer>/<layer>/kernel:0`.
 *   A nested model (VGG16 inside a bigger model) is one group holding the sublayers' groups.
 * - Whole-model files (`model.save('x.h5')`): the same under `/model_weights`.
 * - Keras 3 `.weights.h5` (saving_lib's H5IOStore): `/layers/<key>/vars/0` (kernel) and `/vars/1`
 *   (bias), where `<key>` is the snake-cased class name numbered in layer order (`conv2d`,
 *   `conv2d_1`, …), not the layer name. Recent Keras 3 puts the layer name in the `vars` group's
 *   attribute `name`. Keras 2.13–2.15 used `_layer_checkpoint_dependencies` for `layers`.
 *
 * A layer is found, in order: by a `vars` group whose `name` attribute is the layer name; by the
 * shallowest group named after the layer; and, only when neither finds any layer, by Keras 3's
 * class-based keys (`conv2d_<i>` is the i-th conv). Optimizer state is never searched.
 */
import { VGG16_CONV_LAYERS } from '../vgg16/architecture.js';
import { chunkedStringList, isDataset, isGroup, stringListAttribute, type Dataset, type Group } from './h5-file.js';
import { WeightsError } from './weight-set.js';

const MAX_DEPTH = 6;
const MAX_GROUPS = 20_000;
const SKIPPED = new Set(['optimizer_weights', 'optimizer']);
const CONTAINERS = new Set(['layers', '_layer_checkpoint_dependencies']);

interface GroupNode {
  readonly name: string;
  readonly group: Group;
  readonly parent: Group | undefined;
}

/** Every group under `root` (breadth first, so shallower groups come first), optimizer state left out. */
function indexGroups(root: Group): GroupNode[] {
  const nodes: GroupNode[] = [];
  let level: GroupNode[] = [{ name: '', group: root, parent: undefined }];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: GroupNode[] = [];
    for (const node of level) {
      for (const name of node.group.keys()) {
        if (SKIPPED.has(name)) continue;
        const child = node.group.get(name);
        if (isGroup(child)) next.push({ name, group: child, parent: node.group });
      }
    }
    nodes.push(...next);
    if (nodes.length > MAX_GROUPS) break;
    level = next;
  }
  return nodes;
}

const VGG16_CONV_NAMES = new Set(VGG16_CONV_LAYERS.map((l) => l.name));

/**
 * The group holding each VGG16 conv layer's weights, by layer name (layers not found are absent).
 * `wanted` widens the names looked for (the convs of a VGG16 variant, see ../vgg16/variants.ts).
 */
export function locateConvGroups(file: Group, wanted: (name: string) => boolean = (name) => VGG16_CONV_NAMES.has(name)): Map<string, Group> {
  const modelWeights = file.get('model_weights');
  const root = isGroup(modelWeights) ? modelWeights : file;
  const nodes = indexGroups(root);
  const found = new Map<string, Group>();

  for (const node of nodes) {
    if (node.name !== 'vars' || !node.parent) continue;
    const name = stringListAttribute(node.group, 'name')?.[0];
    if (name && wanted(name) && !found.has(name)) found.set(name, node.parent);
  }
  for (const node of nodes) {
    if (wanted(node.name) && !found.has(node.name)) found.set(node.name, node.group);
  }
  if (found.size === 0) {
    for (const [name, group] of locateByClassKeys(nodes)) found.set(name, group);
  }
  return found;
}

const CONV_KEY = /^conv2d(?:_(\d+))?$/;

/** Keras 3 without name attributes: the container with the most `conv2d…/vars` children, by number. */
function locateByClassKeys(nodes: readonly GroupNode[]): Map<string, Group> {
  let best = new Map<number, Group>();
  for (const node of nodes) {
    if (!CONTAINERS.has(node.name)) continue;
    const convs = new Map<number, Group>();
    for (const key of node.group.keys()) {
      const match = CONV_KEY.exec(key);
      const child = match ? node.group.get(key) : null;
      if (match && isGroup(child) && isGroup(child.get('vars'))) convs.set(Number(match[1] ?? 0), child);
    }
    if (convs.size > best.size) best = convs;
  }
  const found = new Map<string, Group>();
  VGG16_CONV_LAYERS.forEach((layer, i) => {
    const group = best.get(i);
    if (group) found.set(layer.name, group);
  });
  return found;
}

export interface ConvDatasets {
  readonly kernel: Dataset;
  readonly bias: Dataset;
}

const KERNEL_NAME = /^(?:kernel|.+_W)(?:_\d+)?(?::\d+)?$/;
const BIAS_NAME = /^(?:bias|.+_b)(?:_\d+)?(?::\d+)?$/;

/**
 * The kernel and bias datasets of a layer's group: by its `weight_names` attribute when present
 * (kernel first, bias second, as Keras writes them), else `vars/0` and `vars/1`, else by name.
 */
export function convDatasets(group: Group): ConvDatasets {
  const names = chunkedStringList(group, 'weight_names');
  if (names) {
    if (names.length === 0) throw new WeightsError('the file lists no weights for this layer (attribute weight_names is empty)');
    if (names.length === 1) throw new WeightsError(`the file lists one weight (${names[0]}); a VGG16 conv has a kernel and a bias`);
    return { kernel: datasetAt(group, names[0]!), bias: datasetAt(group, names[1]!) };
  }
  const vars = group.get('vars');
  if (isGroup(vars) && vars.keys().includes('0')) {
    return { kernel: datasetAt(vars, '0'), bias: datasetAt(vars, '1') };
  }
  const datasets = collectDatasets(group, 2);
  const kernels = datasets.filter(([name]) => KERNEL_NAME.test(name));
  const biases = datasets.filter(([name]) => BIAS_NAME.test(name));
  if (kernels.length === 1 && biases.length === 1) return { kernel: kernels[0]![1], bias: biases[0]![1] };
  const listed = datasets.map(([, d]) => d.path).join(', ') || 'none';
  throw new WeightsError(`cannot tell the kernel from the bias: no weight_names attribute, and the datasets are: ${listed}`);
}

function datasetAt(group: Group, name: string): Dataset {
  const entity = group.get(name);
  if (!isDataset(entity)) throw new WeightsError(`${group.path}/${name} is listed as a weight but is not a dataset in the file`);
  return entity;
}

function collectDatasets(group: Group, depth: number): [string, Dataset][] {
  const out: [string, Dataset][] = [];
  for (const name of group.keys()) {
    const child = group.get(name);
    if (isDataset(child)) out.push([name, child]);
    else if (isGroup(child) && depth > 1) out.push(...collectDatasets(child, depth - 1));
  }
  return out;
}
