import { z } from 'zod';
import { fetchAndRegisterImagenet, loadWeightSet, registerWeightsFile } from '../../features/weights-registry.js';
import { listWeightSets, type WeightSetRecord } from '../../library/repositories/weight-sets.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type CliContext, type Command } from '../command.js';
import { formatBytes } from '../output.js';

async function withLibrary<T>(context: CliContext, library: string | undefined, work: (room: ReturnType<typeof openFilmRoom>) => Promise<T>): Promise<T> {
  const room = openFilmRoom({ libraryPath: resolveLibraryPath(library, context.env), frontDoor: 'cli' });
  try {
    return await work(room);
  } finally {
    await room.close();
  }
}

function describe(record: WeightSetRecord): string {
  return `${String(record.id).padStart(3)}  ${record.name.padEnd(20)} ${record.source.padEnd(9)} up to ${record.upTo.padEnd(12)} ${record.sha256.slice(0, 12)}  ${record.path}`;
}

const FetchOptions = z.object({ library: z.string().min(1).optional(), which: z.literal('imagenet', { error: 'the only weights Film Room can fetch are "imagenet"' }) }).strict();

export const weightsFetchCommand: Command<z.infer<typeof FetchOptions>> = {
  path: ['weights', 'fetch'],
  summary: 'Download the ImageNet VGG16 weights Keras publishes, check their MD5, and register them.',
  options: { library: LIBRARY_OPTION },
  positionals: [{ name: 'which', description: 'imagenet' }],
  schema: FetchOptions,
  examples: ['filmroom weights fetch imagenet'],
  async run(context, options) {
    return withLibrary(context, options.library, async (room) => {
      const controller = new AbortController();
      void context.interrupted.then(() => controller.abort());
      let last = 0;
      const { record, added } = await fetchAndRegisterImagenet(room.db, {
        signal: controller.signal,
        env: context.env,
        onProgress: ({ receivedBytes, totalBytes }) => {
          if (performance.now() - last < 1000) return;
          last = performance.now();
          context.progress(`downloading: ${formatBytes(receivedBytes)}${totalBytes ? ` of ${formatBytes(totalBytes)}` : ''}`);
        },
      });
      context.info(`${added ? 'Registered' : 'Already registered'}: ${describe(record)}`);
      return { ...record, added };
    });
  },
};

const ImportOptions = z.object({ library: z.string().min(1).optional(), file: z.string({ error: 'give a Keras .h5 file or a TensorFlow.js model.json' }).min(1), name: z.string().min(1).max(80).optional() }).strict();

export const weightsImportCommand: Command<z.infer<typeof ImportOptions>> = {
  path: ['weights', 'import'],
  summary: 'Register VGG16 weights from a Keras .h5 (any Keras version, weights or whole model) or a TensorFlow.js model.json.',
  options: { library: LIBRARY_OPTION, name: { type: 'string', valueName: 'N', description: 'the name to use them by (default: the file’s name)' } },
  positionals: [{ name: 'file', description: 'a Keras .h5 file or a TensorFlow.js model.json' }],
  schema: ImportOptions,
  examples: ['filmroom weights import ~/Downloads/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 --name imagenet'],
  async run(context, options) {
    return withLibrary(context, options.library, async (room) => {
      const { record, added } = await registerWeightsFile(room.db, options.file, options.name ? { name: options.name } : {});
      context.info(`${added ? 'Registered' : 'These weights are already registered'}: ${describe(record)}`);
      return { ...record, added };
    });
  },
};

const ListOptions = z.object({ library: z.string().min(1).optional() }).strict();

export const weightsListCommand: Command<z.infer<typeof ListOptions>> = {
  path: ['weights', 'list'],
  summary: 'List the library’s weight sets (plus "random", always available).',
  options: { library: LIBRARY_OPTION },
  positionals: [],
  schema: ListOptions,
  async run(context, options) {
    return withLibrary(context, options.library, async (room) => {
      await loadWeightSet(room.db, 'random'); // always offered, so list it
      const sets = listWeightSets(room.db);
      context.info(' id  name                 source    reaches             hash          file');
      for (const record of sets) context.info(describe(record));
      return sets;
    });
  },
};
