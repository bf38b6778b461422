/** The CLI's help texts. */
import { CLOSE_REASONS } from '../core/close-reason.js';
import { BIN } from './command.js';
import { MAX_SPOOL_BYTES } from './input-source.js';
import { formatBytes, MAX_RECORD_BYTES } from './otlp-records.js';

export const HELP_MAIN = `${BIN} - split opaque AI-agent run failures into stable, retry-aware buckets

Usage:
  ${BIN} explain <error text> [options]   classify one error text
  ${BIN} classify <file> [options]        classify the agent runs of an OTLP JSON traces file
  ${BIN} collector-config [options]       print an OpenTelemetry Collector configuration that
                                          stamps the same buckets at a gateway
  ${BIN} help [command]                   help for a command

Options:
  -h, --help      show help (also after a command: ${BIN} classify --help)
  -v, --version   print the version

Exit codes: 0 done (also when stdout is closed early, as by "| head"), 1 input problem
(unreadable or unusable file, rules file included), 2 usage error.
Environment: AGENT_FAILURE_* variables configure classification as they do for the processor
(AGENT_FAILURE_ENABLED=false: classify stamps nothing; see "${BIN} help classify").
`;

export const HELP_COLLECTOR_CONFIG = `Usage: ${BIN} collector-config [options]

Prints an OpenTelemetry Collector configuration compiled from the same rule data as the
span processor: a \`transform\` processor that stamps failure.reason, failure.close_reason,
retry.safe and companions on failed agent-run spans, and a \`count\` connector that counts
them as the metric agent.run.failures by failure.reason and retry.safe. Needs a Collector
with the transform processor and the count connector (contrib or a custom build).

Options:
  -o, --output <kind>   fragment (default): the processor and connector, to merge into
                        your configuration; pipeline: a complete gateway configuration
                        (OTLP in on 4317/4318, OTLP/HTTP out to AGENT_FAILURE_BACKEND_ENDPOINT)
  --retry-safe <mode>   span (default): retry.safe from the run span's own evidence;
                        never: always false, for fleets whose tools run as child spans
                        (a Collector sees spans one by one, not the trace's tool spans)
  -h, --help            show this help

Check the result with: otelcol validate --config <file>
`;

export const HELP_EXPLAIN = `Usage: ${BIN} explain <error text> [options]

Classifies one error text, as the processor would classify a failed agent run whose
evidence is that text plus the given facts. Use "-" as the text to read it from stdin.

Options:
  --exit-code <n>       process exit code (e.g. 1, 127, 137)
  --signal <name>       terminating signal, by name: SIGKILL, kill, Term (not a number)
  --close-reason <r>    runtime close reason: ${CLOSE_REASONS.join(', ')}
  --http-status <n>     HTTP status of the provider's answer (e.g. 429)
  --rules <file>        JSON file of user rules, tried before the built-ins (default:
                        $AGENT_FAILURE_RULES_FILE); one that cannot be used exits 1
  --json                print the verdict as JSON
  -h, --help            show this help

AGENT_FAILURE_ENABLED does not apply: explain always says what the classifier would say.

Example:
  ${BIN} explain 'API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}' --exit-code 1
`;

export const HELP_CLASSIFY = `Usage: ${BIN} classify <file> [options]

Reads OTLP JSON traces (ExportTraceServiceRequest, one per line as the OpenTelemetry
Collector file exporter writes them, or one JSON document), classifies every agent run
(gen_ai.operation.name=invoke_agent, or a span with a runtime_close event) and prints
counts per failure.reason, per failure.close_reason and retry.safe. Malformed lines are
reported with their line number and skipped. Span text shown (status messages) is redacted.

Input: a file; "-" or /dev/stdin reads stdin; a FIFO works too. A stream is read once into a
temporary file (in $TMPDIR, at most ${formatBytes(MAX_SPOOL_BYTES)}, removed at the end), as the runs need two passes.
A line, or a single-document file, may be at most ${formatBytes(MAX_RECORD_BYTES)}: a longer line is skipped and
reported, a larger document refused (write it as JSON Lines instead).

Options:
  -o, --output <file>   write the traces with failure.* attributes stamped (same format).
                        A file is replaced when done (through a symlink, keeping its mode);
                        a FIFO or device is written into; "-" is stdout (the summary then
                        goes to stderr). Records that get no stamp are copied unchanged.
  --rules <file>        JSON file of user rules, tried before the built-ins (default:
                        $AGENT_FAILURE_RULES_FILE); one that cannot be used exits 1
  --json                print the counts as JSON
  --progress            progress on stderr (default: only when stderr is a terminal)
  -h, --help            show this help

With AGENT_FAILURE_ENABLED=false, as for the processor, nothing is stamped: classify counts
the runs and their span status but no failure buckets, and --output copies the input unchanged.
`;

export const HELP: Record<string, string> = {
  'collector-config': HELP_COLLECTOR_CONFIG,
  explain: HELP_EXPLAIN,
  classify: HELP_CLASSIFY,
};
