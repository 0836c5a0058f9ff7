import type { Migration } from './types.js';

/**
 * The default play-type colours changed: in the first palette Transition and Miscellaneous (two
 * reds) and the two Pick & Roll types (yellow and lime) were hard to tell apart, and Cut and
 * Miscellaneous were too dark on the dark theme. Libraries made before carry the first palette in
 * their play_types rows; each colour still at its first default takes the new one, and a colour an
 * analyst chose stays. Both palettes are written out here, as a migration never changes.
 */
const FIRST_TO_NEW: readonly (readonly [id: string, first: string, now: string])[] = [
  ['Transition', '#e6194b', '#ef396f'],
  ['Isolation', '#f58231', '#ec5413'],
  ['PRBallHandler', '#ffe119', '#ecab13'],
  ['PRRollman', '#bfef45', '#13c1ec'],
  ['Postup', '#3cb44b', '#39c655'],
  ['Spotup', '#42d4f4', '#4985df'],
  ['Handoff', '#4363d8', '#ddef39'],
  ['Cut', '#911eb4', '#a85ff2'],
  ['OffScreen', '#f032e6', '#e198cb'],
  ['OffRebound', '#a9a9a9', '#e1ae98'],
  ['Misc', '#800000', '#84f5df'],
];

export const defaultColours: Migration = {
  version: 7,
  name: 'the default play-type colours told apart',
  up: (db) => {
    const update = db.prepare('UPDATE play_types SET color = ? WHERE id = ? AND lower(color) = ?');
    for (const [id, first, now] of FIRST_TO_NEW) update.run(now, id, first);
  },
};
