/** What every CLI command shares: exit codes, the usage error, I/O, argument parsing. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

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
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), command);
  }
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
