import fs from 'node:fs';
import { z } from 'zod';
import { TransferRunSpec, WeightSetName, type TransferRunResult } from '../../../shared/api/transfer.js';
import { ValidationError } from '../../../shared/errors.js';
import { formatSchemaError } from '../../rpc/format-schema-error.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { runTransferCommand } from './finetune.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    spec: z.string({ error: 'give the run spec: --spec \'{"model":…}\' or --spec @run.json' }).min(1),
    'save-as': WeightSetName.optional(),
    backend: z.enum(['auto', 'wasm', 'cpu']).default('auto'),
  })
  .strict();

/** The spec as JSON text, or `@FILE` holding it. */
function readSpec(text: string): TransferRunSpec {
  let raw: string = text;
  if (text.startsWith('@')) {
    try {
      raw = fs.readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new ValidationError(`Cannot read the spec file ${text.slice(1)}: ${(error as Error).message}.`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ValidationError(`The spec is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = TransferRunSpec.safeParse(json);
  if (!parsed.success) throw new ValidationError(`The spec is not valid: ${formatSchemaError(parsed.error)}.`);
  return parsed.data;
}

/**
 * Any transfer run from one JSON spec (what the app's model view sends): fine-tuning, a stack on
 * any layer, per frame or per clip. `finetune`, `stack` and `backbone train` are its shorthands.
 */
export const transferCommand: Command<z.infer<typeof Options>> = {
  path: ['transfer'],
  summary: 'Run a transfer-learning spec given as JSON (what the app’s model view starts): any cut, trainable layers, stack and head.',
  options: {
    library: LIBRARY_OPTION,
    spec: { type: 'string', valueName: 'JSON', description: 'the run spec as JSON, or @FILE (fields: model, optimizer, epochs, batchSize, …)' },
    'save-as': { type: 'string', valueName: 'NAME', description: 'save the trained backbone as a weight set of this name' },
    backend: { type: 'string', valueName: 'B', description: 'auto (best that loads), wasm or cpu' },
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom transfer --spec \'{"model":{"kind":"clip","backbone":{"weights":"imagenet","cut":"block5_pool","size":112,"frames":8},"trainable":["block5"]},"epochs":3}\'',
    'filmroom transfer --spec @run.json --save-as tuned-b5 --json',
  ],
  async run(context, options): Promise<TransferRunResult> {
    const spec = readSpec(options.spec);
    return runTransferCommand(context, { backend: options.backend, ...(options.library ? { library: options.library } : {}) }, () => spec, options['save-as']);
  },
};
