import { parseArgs } from 'node:util';
import { ValidationError } from '../../shared/errors.js';
import { formatSchemaError } from '../rpc/format-schema-error.js';
import type { AnyCommand, OptionSpec } from './command.js';

/** A mistake in how the command was typed: exit code 2 and the usage, as Unix tools do. */
export class UsageError extends ValidationError {}

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'print the result as JSON on stdout (progress stays on stderr)' },
  'progress-json': { type: 'boolean', description: 'report progress on stderr as JSON lines (for scripts)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export type Parsed =
  | { kind: 'run'; command: AnyCommand; options: unknown; json: boolean; progressJson: boolean }
  | { kind: 'help'; text: string };

/** Finds the command the words name (longest match), then parses and validates its flags. */
export function parseCommandLine(argv: readonly string[], commands: readonly AnyCommand[]): Parsed {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const command = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((candidate) => candidate.path.every((word, index) => words[index] === word));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');

  if (!command) {
    const prefix = words.length > 0 && commands.some((c) => c.path[0] === words[0]) ? [words[0]!] : [];
    if (wantsHelp || argv.length === 0 || prefix.length > 0) return { kind: 'help', text: overview(commands, prefix) };
    throw new UsageError(`Unknown command "${words.join(' ')}". Run \`filmroom --help\` for the list of commands.`);
  }
  if (wantsHelp) return { kind: 'help', text: commandHelp(command) };

  const rest = removePath(argv, command.path);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...toParseArgsOptions(GLOBAL_OPTIONS), ...toParseArgsOptions(command.options) },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '.')}\n\n${commandHelp(command)}`);
  }
  const { json, help: _help, 'progress-json': progressJson, ...values } = parsed.values as Record<string, unknown>;
  const variadic = command.positionals.at(-1)?.variadic === true;
  if (!variadic && parsed.positionals.length > command.positionals.length) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[command.positionals.length]}".\n\n${commandHelp(command)}`);
  }
  const input: Record<string, unknown> = { ...values };
  command.positionals.forEach((spec, index) => {
    if (spec.variadic) input[spec.name] = parsed.positionals.slice(index);
    else if (parsed.positionals[index] !== undefined) input[spec.name] = parsed.positionals[index];
  });
  const result = command.schema.safeParse(input);
  if (!result.success) {
    throw new UsageError(`filmroom ${command.path.join(' ')}: ${formatSchemaError(result.error)}\n\n${commandHelp(command)}`);
  }
  return { kind: 'run', command, options: result.data, json: json === true, progressJson: progressJson === true };
}

function removePath(argv: readonly string[], path: readonly string[]): string[] {
  const rest = [...argv];
  for (const word of path) rest.splice(rest.indexOf(word), 1);
  return rest;
}

function toParseArgsOptions(specs: Readonly<Record<string, OptionSpec>>) {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
}

function optionLines(specs: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(specs).map(([name, spec]) => {
    const flag = `--${name}${spec.valueName ? ` ${spec.valueName}` : ''}`;
    return `  ${flag.padEnd(22)} ${spec.description}`;
  });
}

export function commandHelp(command: AnyCommand): string {
  const positionals = command.positionals.map((p) => ` ${p.name.toUpperCase()}${p.variadic ? '...' : ''}`).join('');
  const lines = [`Usage: filmroom ${command.path.join(' ')}${positionals} [options]`, '', command.summary, ''];
  if (command.positionals.length > 0) {
    lines.push('Arguments:', ...command.positionals.map((p) => `  ${p.name.toUpperCase().padEnd(22)} ${p.description}`), '');
  }
  lines.push('Options:', ...optionLines({ ...command.options, ...GLOBAL_OPTIONS }));
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export function overview(commands: readonly AnyCommand[], prefix: readonly string[] = []): string {
  const shown = commands.filter((c) => prefix.every((word, i) => c.path[i] === word));
  const width = Math.max(...shown.map((c) => c.path.join(' ').length)) + 2;
  return [
    `Usage: filmroom ${prefix.length ? `${prefix.join(' ')} ` : ''}<command> [options]`,
    '',
    'Film Room: an analyst workstation that learns basketball play types from game film.',
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.path.join(' ').padEnd(width)} ${c.summary}`),
    '',
    'Every command takes --help and --json. The library is chosen by --library PATH, else',
    '$FILMROOM_LIBRARY, else the file in your app-data folder.',
  ].join('\n');
}
