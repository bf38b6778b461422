/**
 * otel-agent-failure: classify one error text (`explain`), or the agent runs of an OTLP
 * JSON traces file (`classify`). Exit codes: 0 done, 1 input problem, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { classify } from './classify-command.js';
import { collectorConfigCommand } from './collector-config-command.js';
import { BIN, EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError, UsageError, type Io } from './command.js';
import { explain } from './explain.js';
import { HELP, HELP_MAIN } from './help.js';
import { nearest } from './suggest.js';

const COMMANDS = ['explain', 'classify', 'collector-config', 'help'];

function unknownCommand(name: string): UsageError {
  const guess = nearest(name, COMMANDS);
  return new UsageError(`unknown command "${name}"${guess !== undefined ? `; did you mean "${guess}"?` : ''}`);
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
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
      else throw unknownCommand(topic);
      return EXIT_OK;
    }
    if (first === 'explain') return explain(rest, io);
    if (first === 'classify') return await classify(rest, io);
    if (first === 'collector-config') return collectorConfigCommand(rest, io);
    throw unknownCommand(first);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`${BIN}: ${e.message}\n`);
      return EXIT_INPUT;
    }
    if (e instanceof UsageError) {
      io.err(`${BIN}: ${e.message}\n`);
      io.err(e.command !== undefined ? `Run "${BIN} ${e.command} --help" for usage.\n` : `Run "${BIN} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    io.err(`${BIN}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INPUT;
  }
}

/**
 * A stdout closed by its reader (`| head`) ends the program quietly with status 0: there is
 * no one left to tell. (Node ignores SIGPIPE, so each write would fail with EPIPE, and an
 * unhandled 'error' event would print a stack trace.) Temporary files go with the exit.
 */
function handleClosedOutput(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    process.stderr.write(`${BIN}: cannot write to stdout: ${e.message}\n`);
    process.exit(EXIT_INPUT);
  });
  // Nowhere left to report a stderr problem.
  process.stderr.on('error', () => {});
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

handleClosedOutput();
main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${BIN}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT_INPUT;
  },
);
