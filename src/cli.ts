/**
 * otel-agent-failure: classify one error text (`explain`), or the agent runs of an OTLP
 * JSON traces file (`classify`). Exit codes: 0 done, 1 input problem, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { renderTally } from './bucket-table.js';
import { classifyFailure, type FailureEvidence } from './classifier.js';
import { CLOSE_REASONS, normalizeCloseReason } from './close-reason.js';
import { resolveConfig } from './config.js';
import { loadUserRules } from './failure-stamper.js';
import { classifyOtlpFile, formatRecordError, OtlpInputError, type ClassifyOtlpResult } from './otlp-json.js';
import { failureReasonInfo } from './taxonomy.js';

const BIN = 'otel-agent-failure';

const EXIT_OK = 0;
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
}

const HELP_MAIN = `${BIN} - split opaque AI-agent run failures into stable, retry-aware buckets

Usage:
  ${BIN} explain <error text> [options]   classify one error text
  ${BIN} classify <file> [options]        classify the agent runs of an OTLP JSON traces file
  ${BIN} help [command]                   help for a command

Options:
  -h, --help      show help (also after a command: ${BIN} classify --help)
  -v, --version   print the version

Exit codes: 0 done, 1 input problem (unreadable or unusable file), 2 usage error.
Environment: AGENT_FAILURE_* variables configure classification as they do for the processor.
`;

const HELP_EXPLAIN = `Usage: ${BIN} explain <error text> [options]

Classifies one error text, as the processor would classify a failed agent run whose
evidence is that text plus the given facts. Use "-" as the text to read it from stdin.

Options:
  --exit-code <n>       process exit code (e.g. 1, 127, 137)
  --signal <name>       terminating signal (e.g. SIGKILL)
  --close-reason <r>    runtime close reason: ${CLOSE_REASONS.join(', ')}
  --http-status <n>     HTTP status of the provider's answer (e.g. 429)
  --rules <file>        JSON file of user rules, tried before the built-ins
  --json                print the verdict as JSON
  -h, --help            show this help

Example:
  ${BIN} explain 'API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}' --exit-code 1
`;

const HELP_CLASSIFY = `Usage: ${BIN} classify <file> [options]

Reads OTLP JSON traces (ExportTraceServiceRequest, one per line as the OpenTelemetry
Collector file exporter writes them, or one JSON document), classifies every agent run
(gen_ai.operation.name=invoke_agent, or a span with a runtime_close event) and prints
counts per failure.reason, per failure.close_reason and retry.safe. Malformed lines are
reported with their line number and skipped.

Options:
  -o, --output <file>   write the traces with failure.* attributes stamped (same format)
  --rules <file>        JSON file of user rules, tried before the built-ins
  --json                print the counts as JSON
  --progress            progress on stderr (default: only when stderr is a terminal)
  -h, --help            show this help
`;

const HELP: Record<string, string> = { explain: HELP_EXPLAIN, classify: HELP_CLASSIFY };

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(command: string, args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), command);
  }
}

function wholeNumber(name: string, raw: string | undefined, command: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?[0-9]{1,10}$/.test(raw.trim())) throw new UsageError(`--${name} expects a whole number, got "${raw}"`, command);
  return Number(raw.trim());
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

function explain(args: string[], io: Io): number {
  const { values, positionals } = parse('explain', args, {
    'exit-code': { type: 'string' },
    signal: { type: 'string' },
    'close-reason': { type: 'string' },
    'http-status': { type: 'string' },
    rules: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(HELP_EXPLAIN);
    return EXIT_OK;
  }
  let text = positionals.join(' ');
  if (text === '-') text = readStdin();
  const ev: FailureEvidence = {};
  if (text.trim() !== '') ev.errorMessage = text;
  const exitCode = wholeNumber('exit-code', values['exit-code'] as string | undefined, 'explain');
  if (exitCode !== undefined) ev.exitCode = exitCode;
  const httpStatus = wholeNumber('http-status', values['http-status'] as string | undefined, 'explain');
  if (httpStatus !== undefined) ev.httpStatus = httpStatus;
  const signal = values.signal as string | undefined;
  if (signal !== undefined && signal.trim() !== '') ev.signal = signal.trim();
  const closeReason = values['close-reason'] as string | undefined;
  if (closeReason !== undefined) {
    const normalized = normalizeCloseReason(closeReason);
    if (normalized === undefined || (normalized === 'unknown' && closeReason.trim().toLowerCase() !== 'unknown')) {
      throw new UsageError(`--close-reason: unknown value "${closeReason}" (expected one of ${CLOSE_REASONS.join(', ')})`, 'explain');
    }
    ev.closeReason = normalized;
  }
  if (Object.keys(ev).length === 0) throw new UsageError('explain needs an error text (or at least one of --exit-code, --signal, --close-reason, --http-status)', 'explain');

  // The same configuration as the processor: AGENT_FAILURE_* variables, --rules winning.
  const warn = (message: string): void => io.err(`warning: ${message}\n`);
  const rulesFile = values.rules as string | undefined;
  const config = resolveConfig(rulesFile !== undefined ? { rulesFile } : {}, io.env, warn);
  const verdict = classifyFailure(ev, {
    maxTextLength: config.maxTextLength,
    maxDetailLength: config.detail ? config.maxDetailLength : 0,
    customRules: loadUserRules(config, warn),
  });
  const info = failureReasonInfo(verdict.reason);
  if (values.json) {
    io.out(`${JSON.stringify({ ...verdict, description: info.description }, null, 2)}\n`);
    return EXIT_OK;
  }
  const rows: [string, string][] = [
    ['reason', verdict.reason],
    ['category', verdict.category],
    ['retry safe', yesNo(verdict.retrySafe)],
    ['resume safe', yesNo(verdict.resumeSafe)],
  ];
  if (verdict.closeReason !== undefined) rows.push(['close reason', verdict.closeReason]);
  if (verdict.retryAfterMs !== undefined) {
    const ms = verdict.retryAfterMs;
    rows.push(['retry after', ms < 1000 ? `${ms} ms` : `${duration(ms)} (${ms} ms)`]);
  }
  rows.push(['rule', verdict.rule], ['evidence', verdict.evidence], ['detail', verdict.detail === '' ? '-' : verdict.detail], ['meaning', info.description]);
  for (const [k, v] of rows) io.out(`${k.padEnd(13)}${v}\n`);
  return EXIT_OK;
}

function summaryJson(r: ClassifyOtlpResult): Record<string, unknown> {
  const tally = r.tally.toJSON();
  return {
    file: r.file,
    format: r.format,
    records: r.records,
    malformed: r.malformed,
    spans: r.spans,
    toolSpans: r.toolSpans,
    agentRuns: r.agentRuns,
    failedRuns: r.failedRuns,
    before: tally.before,
    failureReason: tally.failureReason,
    closeReason: tally.closeReason,
    retrySafe: tally.retrySafe,
    errors: r.errors.map((e) => ({ ...e, text: formatRecordError(e) })),
    ...(r.output !== undefined ? { output: r.output } : {}),
  };
}

async function classify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('classify', args, {
    output: { type: 'string', short: 'o' },
    rules: { type: 'string' },
    json: { type: 'boolean' },
    progress: { type: 'boolean' },
  });
  if (values.help) {
    io.out(HELP_CLASSIFY);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('classify needs a file', 'classify');
  if (positionals.length > 1) throw new UsageError(`classify takes one file, got ${positionals.length}: ${positionals.join(' ')}`, 'classify');
  const file = positionals[0] as string;
  const showProgress = values.progress === true || io.stderrIsTTY;
  const output = values.output as string | undefined;
  const rulesFile = values.rules as string | undefined;

  let result: ClassifyOtlpResult;
  try {
    result = await classifyOtlpFile(file, {
      env: io.env,
      ...(output !== undefined ? { output } : {}),
      ...(rulesFile !== undefined ? { rulesFile } : {}),
      warn: (m) => io.err(`warning: ${m}\n`),
      ...(showProgress
        ? {
            onProgress: (p) =>
              io.err(p.phase === 'scan' ? `${BIN}: scanned ${p.spans} spans for tool calls...\n` : `${BIN}: classified ${p.spans}/${p.totalSpans ?? '?'} spans...\n`),
          }
        : {}),
    });
  } catch (e) {
    if (e instanceof OtlpInputError) {
      io.err(`${BIN}: ${e.message}\n`);
      return EXIT_INPUT;
    }
    throw e;
  }

  if (result.malformed > 0) {
    io.err(`${BIN}: warning: ${result.malformed} malformed line(s)/record(s) in ${file} skipped${result.records > 0 ? '; the rest was processed' : ''}\n`);
    for (const e of result.errors.slice(0, 5)) io.err(`  ${formatRecordError(e)}\n`);
    if (result.errors.length > 5 || result.malformed > 5) io.err(`  ... (${Math.max(result.malformed, result.errors.length) - 5} more)\n`);
  } else if (result.errors.length > 0) {
    io.err(`${BIN}: warning: ${result.errors.length} malformed part(s) in ${file} skipped\n`);
    for (const e of result.errors.slice(0, 5)) io.err(`  ${formatRecordError(e)}\n`);
  }
  if (result.records === 0) {
    const why = result.malformed > 0 ? `all ${result.malformed} line(s)/record(s) are malformed` : 'the file is empty';
    io.err(`${BIN}: no OTLP trace records in ${file}: ${why}\n`);
    return EXIT_INPUT;
  }

  if (values.json) {
    io.out(`${JSON.stringify(summaryJson(result), null, 2)}\n`);
    return EXIT_OK;
  }
  const color = io.stdoutIsTTY && io.env.NO_COLOR === undefined;
  io.out(
    `${file}: ${result.records} record(s), ${result.spans} span(s), ${result.agentRuns} agent run(s), ` +
      `${result.failedRuns} failed, ${result.toolSpans} tool span(s)${result.malformed > 0 ? `, ${result.malformed} malformed skipped` : ''}\n\n`,
  );
  if (result.agentRuns === 0) {
    io.out('No agent runs found (spans with gen_ai.operation.name=invoke_agent or a runtime_close event).\n');
  } else {
    const opts = io.columns !== undefined ? { color, columns: io.columns } : { color };
    for (const line of renderTally(result.tally, opts)) io.out(`${line}\n`);
    io.out(`\nretry.safe: ${result.tally.retrySafe.true} of ${result.failedRuns} failed runs are safe to retry as they are\n`);
  }
  if (result.output !== undefined) io.out(`\nstamped traces written to ${result.output}\n`);
  return EXIT_OK;
}

/** Runs the CLI; returns the exit code. */
async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(HELP_MAIN);
      return EXIT_USAGE;
    }
    if (first === '-h' || first === '--help') {
      io.out(HELP_MAIN);
      return EXIT_OK;
    }
    if (first === '-v' || first === '--version') {
      io.out(`${version()}\n`);
      return EXIT_OK;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.out(HELP_MAIN);
      else if (HELP[topic] !== undefined) io.out(HELP[topic] as string);
      else throw new UsageError(`unknown command "${topic}"`);
      return EXIT_OK;
    }
    if (first === 'explain') return explain(rest, io);
    if (first === 'classify') return await classify(rest, io);
    throw new UsageError(`unknown command "${first}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${BIN}: ${e.message}\n`);
      io.err(e.command !== undefined ? `Run "${BIN} ${e.command} --help" for usage.\n` : `Run "${BIN} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    io.err(`${BIN}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INPUT;
  }
}

function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
  };
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${BIN}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT_INPUT;
  },
);
