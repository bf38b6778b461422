/**
 * Parsing environment variables the way the OpenTelemetry specification parses its own:
 * empty means unset, a boolean is true only for a case-insensitive "true", an unparsable
 * value is ignored with one warning naming the variable, the raw value and the fallback.
 * Each parser takes the environment as a parameter, so tests pass an object.
 */

/** Receives one message per problem found while reading configuration. */
export type ConfigWarn = (message: string) => void;

/** An environment: `process.env`, or an object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Boolean per the specification: true only for case-insensitive "true"; "false" is false; anything else warns. */
export function parseBooleanEnv(env: Env, name: string, warn: ConfigWarn): boolean | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower !== 'false') warn(`${name}: ignoring value "${clip(value)}" (expected true or false); treated as false`);
  return false;
}

/** A whole number within [min, max]; anything else is ignored with a warning. */
export function parseIntegerEnv(env: Env, name: string, min: number, max: number, fallback: number, warn: ConfigWarn): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (!/^-?[0-9]{1,15}$/.test(value)) {
    warn(`${name}: ignoring value "${clip(value)}" (expected a whole number); using default ${fallback}`);
    return undefined;
  }
  const n = Number(value);
  if (n < min || n > max) {
    warn(`${name}: ignoring value "${clip(value)}" (expected ${min} to ${max}); using default ${fallback}`);
    return undefined;
  }
  return n;
}

/** A comma-separated list; empty items are dropped. */
export function parseListEnv(env: Env, name: string): string[] | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .slice(0, 256);
  return items;
}

function clip(value: string): string {
  return value.length > 64 ? `${value.slice(0, 61)}...` : value;
}

/** `process.env` where there is one (Node, Bun, Deno), else an empty environment. */
export function processEnv(): Env {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}
