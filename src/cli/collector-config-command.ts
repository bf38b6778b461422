/** `collector-config`: print an OpenTelemetry Collector configuration compiled from the rule data. */
import { collectorConfig } from '../collector/collector-config.js';
import { EXIT_OK, parse, UsageError, type Io } from './command.js';
import { HELP_COLLECTOR_CONFIG } from './help.js';

const OUTPUTS = ['fragment', 'pipeline'] as const;
const RETRY_SAFE = ['span', 'never'] as const;

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option}: unknown value "${value}" (expected one of ${allowed.join(', ')})`, 'collector-config');
}

export function collectorConfigCommand(args: string[], io: Io): number {
  const { values, positionals } = parse('collector-config', args, {
    output: { type: 'string', short: 'o' },
    'retry-safe': { type: 'string' },
  });
  if (values.help) {
    io.out(HELP_COLLECTOR_CONFIG);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'collector-config');
  const output = oneOf('output', values.output as string | undefined, OUTPUTS, 'fragment');
  const retrySafe = oneOf('retry-safe', values['retry-safe'] as string | undefined, RETRY_SAFE, 'span');
  io.out(collectorConfig({ output, retrySafe }));
  return EXIT_OK;
}
