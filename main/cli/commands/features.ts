import { z } from 'zod';
import { openLibrary } from '../../library/database.js';
import { featureSetBytes } from '../../library/feature-files.js';
import { countFeatures, deleteFeatureSet, listFeatureSets, type FeatureSetRecord } from '../../library/repositories/features.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { formatBytes } from '../output.js';

type FeatureSetListing = FeatureSetRecord & { clips: number; bytes: number };

const ListOptions = z.object({ library: z.string().min(1).optional() }).strict();

export const featuresListCommand: Command<z.infer<typeof ListOptions>> = {
  path: ['features', 'list'],
  summary: 'List the feature sets: backbone signature, clips with features, and bytes on disk.',
  options: { library: LIBRARY_OPTION },
  positionals: [],
  schema: ListOptions,
  examples: ['filmroom features list --json'],
  async run(context, options): Promise<FeatureSetListing[]> {
    const db = openLibrary(resolveLibraryPath(options.library, context.env));
    try {
      const sets = listFeatureSets(db).map((set) => ({ ...set, clips: countFeatures(db, set.id), bytes: featureSetBytes(db.name, set.signature) }));
      for (const set of sets) {
        context.info(`${String(set.id).padStart(4)}  ${set.signature.slice(0, 12)}  ${set.cutLayer} ${set.pooling} ${set.size}px  ${set.frames} × ${set.dim}  ${set.clips} clips  ${formatBytes(set.bytes)}`);
      }
      return sets;
    } finally {
      db.close();
    }
  },
};

const DeleteOptions = z
  .object({
    library: z.string().min(1).optional(),
    set: z.string({ error: 'give the feature set: its id or the start of its signature (`filmroom features list`)' }).min(1),
  })
  .strict();

export const featuresDeleteCommand: Command<z.infer<typeof DeleteOptions>> = {
  path: ['features', 'delete'],
  summary: 'Delete a feature set in one step: its rows in the library and its folder of feature files.',
  options: { library: LIBRARY_OPTION },
  positionals: [{ name: 'set', description: 'the feature set’s id, or the start of its signature' }],
  schema: DeleteOptions,
  examples: ['filmroom features delete 3'],
  async run(context, options): Promise<{ deleted: number; bytesFreed: number }> {
    const db = openLibrary(resolveLibraryPath(options.library, context.env));
    try {
      const sets = listFeatureSets(db);
      const matches = /^\d+$/.test(options.set) ? sets.filter((s) => s.id === Number(options.set)) : sets.filter((s) => s.signature.startsWith(options.set.toLowerCase()));
      if (matches.length !== 1) {
        throw new RangeError(matches.length === 0 ? `No feature set "${options.set}" in this library (see \`filmroom features list\`).` : `"${options.set}" matches ${matches.length} feature sets: give more of the signature.`);
      }
      const set = matches[0]!;
      const bytes = featureSetBytes(db.name, set.signature);
      deleteFeatureSet(db, set.id);
      context.info(`Deleted feature set ${set.id} (${set.cutLayer} ${set.pooling} ${set.size}px), freeing ${formatBytes(bytes)}.`);
      return { deleted: set.id, bytesFreed: bytes };
    } finally {
      db.close();
    }
  },
};
