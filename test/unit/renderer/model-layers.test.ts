import { describe, expect, it } from 'vitest';
import {
  convsUpTo,
  formatShape,
  groupByPart,
  isToggleable,
  spellOut,
  toggleTrainable,
  trainableConvs,
} from '../../../renderer/src/components/model/model-layers.js';

describe('formatShape', () => {
  it('writes shapes as Keras’s summary does, the batch axis as None', () => {
    expect(formatShape([null, 40, 7, 7, 512])).toBe('(None, 40, 7, 7, 512)');
    expect(formatShape([null, 11])).toBe('(None, 11)');
  });
});

describe('which convs train', () => {
  it('lists the convs up to the cut', () => {
    expect(convsUpTo('block1_pool')).toEqual(['block1_conv1', 'block1_conv2']);
    expect(convsUpTo('block2_conv1')).toEqual(['block1_conv1', 'block1_conv2', 'block2_conv1']);
    expect(convsUpTo('block5_pool')).toHaveLength(13);
  });

  it('spells out all, blocks and single convs, inside the cut only', () => {
    expect([...trainableConvs(['all'], 'block2_pool')]).toEqual(['block1_conv1', 'block1_conv2', 'block2_conv1', 'block2_conv2']);
    expect(spellOut(['block3', 'block1_conv2'], 'block3_conv2')).toEqual(['block1_conv2', 'block3_conv1', 'block3_conv2']);
    expect([...trainableConvs(['block5'], 'block4_pool')]).toEqual([]);
  });

  it('toggles one conv and returns the list in network order', () => {
    expect(toggleTrainable([], 'block5_pool', 'block5_conv3', true)).toEqual(['block5_conv3']);
    expect(toggleTrainable(['block5_conv3'], 'block5_pool', 'block4_conv1', true)).toEqual(['block4_conv1', 'block5_conv3']);
    expect(toggleTrainable(['block5'], 'block5_pool', 'block5_conv2', false)).toEqual(['block5_conv1', 'block5_conv3']);
    expect(toggleTrainable(['all'], 'block1_pool', 'block1_conv1', false)).toEqual(['block1_conv2']);
  });

  it('drops what a shallower cut removed', () => {
    expect(spellOut(['block1_conv1', 'block5_conv3'], 'block3_pool')).toEqual(['block1_conv1']);
  });

  it('offers a switch for the VGG16 convs only', () => {
    expect(isToggleable({ part: 'backbone', params: 1792, name: 'block1_conv1' })).toBe(true);
    expect(isToggleable({ part: 'backbone', params: 0, name: 'block1_pool' })).toBe(false);
    expect(isToggleable({ part: 'stack', params: 73792, name: 'stack1_conv2d' })).toBe(false);
  });
});

describe('groupByPart', () => {
  it('groups consecutive rows of a part, in order', () => {
    const rows = [{ part: 'input' }, { part: 'backbone' }, { part: 'backbone' }, { part: 'head' }] as const;
    expect(groupByPart(rows).map((g) => [g.part, g.layers.length])).toEqual([['input', 1], ['backbone', 2], ['head', 1]]);
  });
});
