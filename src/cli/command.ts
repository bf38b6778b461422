/** What every CLI command shares: exit codes, the usage error, I/O, argument parsing. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from './suggest.js';

export const BIN = 'otel-agent-failure';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An input the command cannot use (a file, a rules file): exit 1 with the message. */
export class InputError extends Error {}

/** The process's I/O, passed in so tests can run commands in-process. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
}

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function parse(command: string, args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  const all = { ...options, help: { type: 'boolean' as const, short: 'h' } };
  try {
    const parsed = parseArgs({ args, options: all, allowPositionals: true, strict: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    throw new UsageError(describeParseError(e, args, all), command);
  }
}

/**
 * node:util parseArgs' errors, reworded: its unknown-option text ends in an unbalanced quote
 * ("as in '-- "--frob"") and names options as '-o, --output <value>'.
 */
function describeParseError(e: unknown, args: string[], options: NonNullable<ParseArgsConfig['options']>): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = quoted.split('=')[0] ?? quoted;
    const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short !== undefined ? [`-${o.short}`] : [])]);
    // "-json" reaches parseArgs as the short options -j -s -o -n.
    const token = option.startsWith('--') ? option : args.find((a) => a.startsWith(option) && !a.startsWith('--') && a.length > 2);
    const guess = nearest(option, known) ?? (token !== undefined && token !== option ? nearest(`-${token}`, known) : undefined);
    return `unknown option "${option}"${guess !== undefined ? `; did you mean ${guess}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--[A-Za-z0-9-]+/.exec(quoted)?.[0] ?? quoted;
    if (message.endsWith('argument missing')) return `option ${long} needs a value`;
    if (message.includes('does not take an argument')) return `option ${long} takes no value`;
  }
  return message;
}

export function wholeNumber(name: string, raw: string | undefined, command: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?[0-9]{1,10}$/.test(raw.trim())) throw new UsageError(`--${name} expects a whole number, got "${raw}"`, command);
  return Number(raw.trim());
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

export function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}
