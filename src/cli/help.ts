/** The CLI's help texts. */
import { CLOSE_REASONS } from '../core/close-reason.js';
import { BIN } from './command.js';

export const HELP_MAIN = `${BIN} - split opaque AI-agent run failures into stable, retry-aware buckets

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

export const HELP_EXPLAIN = `Usage: ${BIN} explain <error text> [options]

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

export const HELP_CLASSIFY = `Usage: ${BIN} classify <file> [options]

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

export const HELP: Record<string, string> = { explain: HELP_EXPLAIN, classify: HELP_CLASSIFY };
