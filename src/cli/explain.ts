/** `explain`: classify one error text as the processor would classify a run with that evidence. */
import type { FailureEvidence } from '../core/evidence.js';
import { CLOSE_REASONS, parseCloseReason } from '../core/close-reason.js';
import { failureReasonInfo } from '../core/taxonomy.js';
import { resolveConfig } from '../otel/config.js';
import { classifierFor } from '../otel/stamper.js';
import { duration, EXIT_OK, parse, readStdin, UsageError, wholeNumber, yesNo, type Io } from './command.js';
import { HELP_EXPLAIN } from './help.js';
import { rulesFileError } from './rules-check.js';
import { parseSignalOption } from './signal-option.js';

export function explain(args: string[], io: Io): number {
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
  if (signal !== undefined) ev.signal = parseSignalOption(signal, 'explain');
  const closeReason = values['close-reason'] as string | undefined;
  if (closeReason !== undefined) {
    const normalized = parseCloseReason(closeReason);
    if (normalized === undefined) {
      throw new UsageError(`--close-reason: unknown value "${closeReason}" (expected one of ${CLOSE_REASONS.join(', ')})`, 'explain');
    }
    ev.closeReason = normalized;
  }
  if (Object.keys(ev).length === 0)
    throw new UsageError(
      'explain needs an error text (or at least one of --exit-code, --signal, --close-reason, --http-status)',
      'explain',
    );

  // The same configuration as the processor: AGENT_FAILURE_* variables, --rules winning. A
  // rules file that cannot be used is an input problem here, not a warning: the file is read
  // once (it may be a FIFO), its problems collected.
  const warn = (message: string): void => io.err(`warning: ${message}\n`);
  const rulesFile = values.rules as string | undefined;
  const config = resolveConfig(rulesFile !== undefined ? { rulesFile } : {}, io.env, warn);
  const ruleProblems: string[] = [];
  const classifier = classifierFor(config, (m) => ruleProblems.push(m), warn);
  if (ruleProblems.length > 0) throw rulesFileError(config.rulesFile, ruleProblems);
  const verdict = classifier(ev);
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
  rows.push(
    ['rule', verdict.rule],
    ['evidence', verdict.evidence],
    ['detail', verdict.detail === '' ? '-' : verdict.detail],
    ['meaning', info.description],
  );
  for (const [k, v] of rows) io.out(`${k.padEnd(13)}${v}\n`);
  return EXIT_OK;
}
