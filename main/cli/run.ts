import { serializeError } from '../../shared/errors.js';
import type { CliContext } from './command.js';
import { commands } from './commands/index.js';
import { toSnakeCase } from './output.js';
import { createProgressReporter } from './progress-bar.js';
import { parseCommandLine, UsageError } from './parse.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  interrupted: Promise<void>;
  stderrIsTTY?: boolean;
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 the work failed, 2 the command was
 * mistyped. With --json, stdout carries exactly one JSON document: the result or `{"error": …}`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const parsed = parseCommandLine(argv, commands);
    if (parsed.kind === 'help') {
      io.stdout(`${parsed.text}\n`);
      return 0;
    }
    const context: CliContext = {
      json: parsed.json,
      env: io.env,
      info: (line) => (parsed.json ? io.stderr(`${line}\n`) : io.stdout(`${line}\n`)),
      progress: (line) => io.stderr(`${line}\n`),
      progressReporter: () => createProgressReporter(io.stderr, parsed.progressJson ? 'json' : io.stderrIsTTY ? 'tty' : 'lines'),
      interrupted: io.interrupted,
    };
    const result = await parsed.command.run(context, parsed.options);
    if (parsed.json && result !== undefined) io.stdout(`${JSON.stringify(toSnakeCase(result), null, 2)}\n`);
    return 0;
  } catch (error) {
    const { name, message } = serializeError(error);
    io.stderr(`filmroom: ${message}\n`);
    if (json) io.stdout(`${JSON.stringify({ error: { name, message: message.split('\n\n')[0] } })}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
