/** `explain --signal`: the name of a real signal, with or without the SIG prefix, in any case. */
import { constants } from 'node:os';
import { UsageError } from './command.js';
import { nearest } from './suggest.js';

/** Signals of this platform, plus BSD/macOS names a trace from another host may carry. */
const SIGNAL_NAMES: ReadonlySet<string> = new Set([...Object.keys(constants.signals), 'SIGEMT', 'SIGINFO', 'SIGLOST', 'SIGTHR']);

const EXAMPLES = 'SIGKILL, SIGTERM, SIGSEGV, SIGABRT or SIGINT; the SIG prefix and case are optional (kill, Term)';

/**
 * The signal name (`SIGKILL`) for `raw`.
 * @throws UsageError for a number or a name that is no signal
 */
export function parseSignalOption(raw: string, command: string): string {
  const text = raw.trim().toUpperCase();
  if (/^[+-]?[0-9]+$/.test(text)) {
    throw new UsageError(
      `--signal takes a signal name, not a number ("${raw}"), such as ${EXAMPLES}. For a shell's exit status such as 137, use --exit-code`,
      command,
    );
  }
  const name = text.startsWith('SIG') ? text : `SIG${text}`;
  if (SIGNAL_NAMES.has(name)) return name;
  const guess = text.length > 0 ? nearest(name, SIGNAL_NAMES, 1) : undefined;
  throw new UsageError(
    `--signal: unknown signal "${raw}"${guess !== undefined ? `; did you mean ${guess}?` : ''}. Expected a signal name such as ${EXAMPLES}`,
    command,
  );
}
