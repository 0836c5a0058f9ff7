import path from 'node:path';
import { z } from 'zod';
import { chooseDemoWeights } from '../../demo/demo-weights.js';
import { DEMO_DEFAULTS, DEMO_SPEC_INPUT, demoSpec, runDemo, TIMED_STAGES, type DemoResult, type DemoStage } from '../../demo/run-demo.js';
import { appDataFolder, APP_FOLDER_NAME } from '../../library/paths.js';
import { ClipCache } from '../../media/clip-cache.js';
import { openFilmRoom } from '../../services/index.js';
import { writeReport } from '../../reports/index.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { printEpoch, printMetrics } from './train.js';

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);

const Options = z
  .object({
    library: z.string().min(1).optional(),
    games: wholeNumber('--games').default(DEMO_DEFAULTS.games),
    'plays-per-game': wholeNumber('--plays-per-game').default(DEMO_DEFAULTS.playsPerGame),
    seed: wholeNumber('--seed').default(DEMO_DEFAULTS.seed),
    epochs: wholeNumber('--epochs').optional(),
    'no-fetch': z.boolean().optional(),
  })
  .strict();

const STAGE_NAMES: Record<DemoStage, string> = {
  synth: '1/6 synthesising the season',
  import: '2/6 importing it',
  features: '3/6 backbone features',
  training: '4/6 training',
  evaluating: '5/6 evaluating on held-out games',
  predicting: '5/6 predicting every play',
  report: '6/6 writing the report',
};

const FLIPS = { none: '', horizontal: ', clips mirrored left-right', both: ', clips mirrored left-right and top-bottom' } as const;

/** The demo keeps its own library unless told otherwise, so synthetic games never mix with real film. */
export function defaultDemoLibrary(env: NodeJS.ProcessEnv): string {
  return path.join(appDataFolder(env), APP_FOLDER_NAME, 'demo', 'demo.filmroom.db');
}

export const demoCommand: Command<z.infer<typeof Options>> = {
  path: ['demo'],
  summary: 'Run the whole pipeline on a synthetic season: synthesise, import, extract, train, evaluate on held-out games, predict, report.',
  options: {
    library: { ...LIBRARY_OPTION, description: 'the library to use (default: a demo library of its own in the app-data folder)' },
    games: { type: 'string', valueName: 'N', description: `games to synthesise (default ${DEMO_DEFAULTS.games})` },
    'plays-per-game': { type: 'string', valueName: 'M', description: `plays per game (default ${DEMO_DEFAULTS.playsPerGame})` },
    seed: { type: 'string', valueName: 'S', description: `the season's random seed (default ${DEMO_DEFAULTS.seed})` },
    epochs: { type: 'string', valueName: 'N', description: `most training epochs (default ${DEMO_SPEC_INPUT.epochs})` },
    'no-fetch': { type: 'boolean', description: 'do not try to download ImageNet’s weights when the library has none (use random ones)' },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom demo', 'filmroom demo --json', 'filmroom demo --games 4 --plays-per-game 11 --epochs 5'],
  async run(context, options): Promise<DemoResult> {
    const libraryPath = path.resolve(options.library ?? context.env.FILMROOM_LIBRARY ?? defaultDemoLibrary(context.env));
    const room = openFilmRoom({ libraryPath, frontDoor: 'cli' });
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    const bar = context.progressReporter();
    const parsed = path.parse(libraryPath);
    let stage: DemoStage | undefined;
    try {
      context.info(`Library   ${libraryPath}`);
      const weights = await chooseDemoWeights(room.db, { fetch: !options['no-fetch'], env: context.env, signal: controller.signal });
      const spec = demoSpec(options.epochs !== undefined ? { epochs: options.epochs } : {}, weights.name);
      const kind = weights.source === 'imagenet' ? 'ImageNet' : 'random (Keras-initialised)';
      context.info(`Weights   ${weights.name}: ${kind}, frozen — ${weights.reason}`);
      context.info(`Backbone  VGG16 cut at ${spec.backbone.cut}, ${spec.backbone.pooling} pooling${spec.backbone.grid ? ` ${spec.backbone.grid}×${spec.backbone.grid}` : ''}, ${spec.backbone.size}×${spec.backbone.size} frames; head ${spec.head.cell.toUpperCase()} ${spec.head.units} on ${spec.head.segments} segments of motion energy${FLIPS[spec.augment.flips]}`);
      const result = await runDemo(room.db, ClipCache.besideLibrary(room.db.name), {
        seasonDir: path.join(parsed.dir, `${parsed.name}.demo-season`),
        games: options.games, playsPerGame: options['plays-per-game'], seed: options.seed, synthWidth: DEMO_DEFAULTS.synthWidth, frameSize: spec.backbone.size, spec, weights,
        signal: controller.signal,
        onProgress: (next, done, total, label) => {
          if (next !== stage) {
            bar.finish();
            stage = next;
            context.progress(STAGE_NAMES[next]);
          }
          bar.update(done, total, label);
        },
        onEpoch: (epoch) => {
          bar.finish();
          printEpoch(context, epoch);
        },
        writeReport: (runId) => writeReport(room.db, { kind: 'plays', runId, out: path.join(parsed.dir, `${parsed.name}.demo-report-run-${runId}.csv`) }),
      });
      bar.finish();
      const s = result.stages;
      context.info(`Season    ${result.games} games, ${result.plays} plays`);
      context.info(`Time      ${TIMED_STAGES.map((k) => `${k} ${s[k].wall.toFixed(0)} s`).join(', ')}; total ${s.total.wall.toFixed(0)} s wall, ${s.total.cpu.toFixed(0)} s CPU in this process`);
      context.info(`Run       ${result.run} on ${result.engine}: ${result.epochs} epochs, best ${result.bestEpoch ?? '-'}`);
      context.info(`Report    ${result.report.path} (${result.report.rows} plays)`);
      if (result.metrics) printMetrics(context, result.metrics);
      return result;
    } finally {
      bar.finish();
      await room.close();
    }
  },
};
