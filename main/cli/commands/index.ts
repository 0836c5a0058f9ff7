import type { AnyCommand } from '../command.js';
import { activationsCommand } from './activations.js';
import { backboneInsertCommand } from './backbone-insert.js';
import { backboneReplaceBlock1Command } from './backbone-replace-block1.js';
import { backboneTrainCommand } from './backbone-train.js';
import { demoCommand } from './demo.js';
import { embedCommand } from './embed.js';
import { extractCommand } from './extract.js';
import { finetuneCommand } from './finetune.js';
import { importCommand } from './import.js';
import { libraryBackupCommand } from './library-backup.js';
import { libraryInfoCommand } from './library-info.js';
import { libraryMergeCommand } from './library-merge.js';
import { featuresDeleteCommand, featuresListCommand } from './features.js';
import { serveCommand } from './serve.js';
import { stackCommand } from './stack.js';
import { reportCommand } from './report.js';
import { evaluateCommand, predictCommand, runsCommand } from './runs.js';
import { synthCommand } from './synth.js';
import { trainCommand } from './train.js';
import { transferCommand } from './transfer.js';
import { weightsFetchCommand, weightsImportCommand, weightsListCommand } from './weights.js';

/** Every `filmroom` subcommand, in the order `filmroom --help` lists them. */
export const commands: readonly AnyCommand[] = [serveCommand, synthCommand, importCommand, extractCommand, embedCommand, activationsCommand, trainCommand, evaluateCommand, predictCommand, runsCommand, reportCommand, demoCommand, libraryInfoCommand, libraryBackupCommand, libraryMergeCommand, featuresListCommand, featuresDeleteCommand, weightsFetchCommand, weightsImportCommand, weightsListCommand, finetuneCommand, stackCommand, transferCommand, backboneTrainCommand, backboneReplaceBlock1Command, backboneInsertCommand];
