import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDemoWeights } from '../../../main/demo/demo-weights.js';
import { openLibrary } from '../../../main/library/index.js';
import { insertWeightSet, findWeightSet } from '../../../main/library/repositories/weight-sets.js';
import { tempDir } from '../../helpers/temp.js';

// The network is unreachable here: a fetch that fails as an offline machine's does stands in for it.
const offlineFetch = (async () => {
  throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND storage.googleapis.com') });
}) as typeof fetch;
const neverFetch = (async () => {
  throw new Error('the demo must not download anything when the library has ImageNet weights');
}) as typeof fetch;

describe('the demo’s choice of weights', () => {
  const setup = () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'demo.filmroom.db'));
    // The user's shared weights folder lives under XDG_CONFIG_HOME: an empty one, so no file is found there.
    return { db, env: { XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir } };
  };

  it('uses ImageNet’s weights when the library has them, without fetching', async () => {
    const { db, env } = setup();
    insertWeightSet(db, { name: 'imagenet', source: 'imagenet', format: 'keras-h5', path: '/nowhere/vgg16.h5', sha256: 'a'.repeat(64), upTo: 'block5_pool' });
    const chosen = await chooseDemoWeights(db, { fetch: true, env, fetchImpl: neverFetch });
    expect(chosen).toEqual({ name: 'imagenet', source: 'imagenet', reason: 'ImageNet VGG16 weights are registered in this library' });
    db.close();
  });

  it('tries to fetch them, and falls back to random weights with the reason when it cannot', async () => {
    const { db, env } = setup();
    const chosen = await chooseDemoWeights(db, { fetch: true, env, fetchImpl: offlineFetch });
    expect(chosen.name).toBe('random:0');
    expect(chosen.source).toBe('random');
    expect(chosen.reason).toMatch(/^ImageNet VGG16 weights are not in this library and could not be fetched \(Could not download the ImageNet VGG16 weights \(fetch failed: getaddrinfo ENOTFOUND/);
    expect(findWeightSet(db, 'imagenet')).toBeUndefined();
    db.close();
  });

  it('does not try to fetch when told not to', async () => {
    const { db, env } = setup();
    const chosen = await chooseDemoWeights(db, { fetch: false, env, fetchImpl: neverFetch });
    expect(chosen).toMatchObject({ name: 'random:0', source: 'random' });
    expect(chosen.reason).toContain('--no-fetch');
    db.close();
  });
});
