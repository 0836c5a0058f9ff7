import type { z } from 'zod';
import type { ProgressReporter } from './progress-bar.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help as `--port N`. */
  readonly valueName?: string;
  readonly short?: string;
  /** May be given more than once; the command gets every value, as a list. */
  readonly multiple?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Takes every remaining argument, as a list (only the last positional may). */
  readonly variadic?: boolean;
}

/** What a command may touch: where to write, and whether the caller wants JSON. */
export interface CliContext {
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Human-readable lines; in --json mode they go to stderr so stdout stays machine-readable. */
  info(line: string): void;
  /** Progress and warnings: always stderr. */
  progress(line: string): void;
  /** A progress display for long work, on stderr, in the form the caller wants. */
  progressReporter(): ProgressReporter;
  /** Resolves when the user interrupts (Ctrl+C, SIGTERM): long-running commands end on it. */
  readonly interrupted: Promise<void>;
}

/**
 * One `filmroom` subcommand. Parsed flags and positionals are validated by `schema` before `run`,
 * so a bad value is refused with the field's name, as every other front door does.
 */
export interface Command<Options> {
  readonly path: readonly string[];
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: readonly PositionalSpec[];
  readonly schema: z.ZodType<Options>;
  readonly examples?: readonly string[];
  /** Returns the JSON result; the human output is printed through `context.info`. */
  run(context: CliContext, options: Options): Promise<unknown>;
}

// Commands differ in their option types; the registry only needs them as this common shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

export const LIBRARY_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'PATH',
  description: 'the library file (default: $FILMROOM_LIBRARY, else the app-data folder)',
};
