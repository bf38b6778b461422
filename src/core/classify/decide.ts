/**
 * The decision ladder: which evidence decides, in order of trust. Facts the host knows
 * (a cancel, its own timeout, a crash signal) beat text; specific text beats a structured
 * HTTP status; the close reason only refines a run nothing else explains.
 */
import type { CloseReason } from '../close-reason.js';
import type { FailureEvidence } from '../evidence.js';
import { exitCodeMeaning, normalizeSignal, signalMeaning, type ProcessEndMeaning } from '../exit-status.js';
import { findHttpStatusInText } from '../http-status.js';
import { RULES } from '../rules/rule-data.js';
import type { CustomRule } from '../rules/user-rules.js';
import type { FailureReason } from '../taxonomy.js';
import { wholeNumber } from '../values.js';
import { cueDecision } from './cue-engine.js';
import { failedToolDecision } from './failed-tool.js';
import type { Decision } from './decision.js';
import { identifierDecision } from './identifier-engine.js';
import { compiledRules, excerptFor, firstRule, runTextRule } from './rule-engine.js';
import { afterLastRetry, type TextView, type Texts } from './text-views.js';
import { runCustomRule } from './user-rule-engine.js';

// The HTTP status and finish-reason tables of the rule data (rules/rules.json).
const STATUS_REASONS: ReadonlyMap<number, FailureReason> = new Map(
  Object.entries(RULES.httpStatus.reasons).map(([k, v]) => [Number(k), v]),
);
const FINISH_REASONS: ReadonlyMap<string, FailureReason> = new Map(Object.entries(RULES.finishReasons.reasons));

/** The reason a failed HTTP status stands for, when the table knows it. */
export function reasonForStatus(status: number): FailureReason | undefined {
  const direct = STATUS_REASONS.get(status);
  if (direct) return direct;
  if (status >= 500 && status <= 599) return RULES.httpStatus.otherServerError;
  return undefined;
}

/** What the ladder needs besides the evidence. */
export interface DecideOptions {
  /** How far the excerpt reaches around a match. */
  radius: number;
  userRules: readonly CustomRule[];
}

/** A process fact's decision, named after the fact. */
function factDecision(meaning: ProcessEndMeaning, rule: string, excerpt: string): Decision {
  return { reason: meaning.reason, rule, evidence: 'structured', excerpt };
}

/** The decision for one run's evidence; total over every input the classifier accepts. */
export function decide(ev: FailureEvidence, texts: Texts, closeReason: CloseReason | undefined, opts: DecideOptions): Decision {
  const { radius } = opts;
  const signal = normalizeSignal(ev.signal);
  const exitCode = wholeNumber(ev.exitCode);
  const httpStatus = wholeNumber(ev.httpStatus);
  const signalFact = signal === undefined ? undefined : signalMeaning(signal);
  const exitFact = exitCode === undefined ? undefined : exitCodeMeaning(exitCode);

  // 1. User rules first: the user knows their fleet.
  for (const rule of opts.userRules) {
    const d = runCustomRule(rule, ev, texts, closeReason, radius);
    if (d) return d;
  }

  // 2. Facts the host knows beat any text: a requested cancel, the host's own timeout.
  if (ev.cancelled === true) return { reason: 'cancelled', rule: 'fact.cancelled', evidence: 'structured' };
  if (closeReason === 'cancel_requested') return { reason: 'cancelled', rule: 'close.cancel_requested', evidence: 'close_reason' };
  if (ev.timedOut === true) return { reason: 'run_timeout', rule: 'fact.host_timeout', evidence: 'structured' };
  if (closeReason === 'timeout') return { reason: 'run_timeout', rule: 'close.timeout', evidence: 'close_reason' };

  // 3. A host that says it killed the run on its own clock beats the kill signal it sent.
  if (signal !== undefined || exitFact?.reason === 'process_crash') {
    const hostTimeoutRule = compiledRules().byId.get('timeout.agent_run')!;
    for (const group of texts.groups) {
      const hostTimeout = runTextRule(hostTimeoutRule, group, radius);
      if (hostTimeout) return hostTimeout;
    }
  }

  // 3b. A crash signal is decided by the fact. After a fatal RPC close, exit code and
  //    signal are the host's cleanup, not the cause.
  if (closeReason !== 'fatal_rpc_error') {
    if (signalFact?.weight === 'decisive') return factDecision(signalFact, 'fact.crash_signal', signal as string);
    if (exitFact?.weight === 'decisive') return factDecision(exitFact, 'fact.crash_exit_code', `exit code ${exitCode}`);
  }

  // 3c. A tool of the run failed and the run's text repeats its error: the tool is who
  //     failed, whatever the phenomenon its error names.
  const tool = ev.failedToolError === undefined ? undefined : failedToolDecision(ev.failedToolError, texts.groups);
  if (tool) return tool;

  // 4. Specific text, group by group in trust order: a provider error beats the
  //    process-level close reason, and what the host recorded beats noise in a tail. The
  //    agent's stdout (its own output, which may discuss errors) comes after a structured
  //    HTTP status.
  const { stdout } = texts;
  const trusted = stdout === undefined ? texts.groups : texts.groups.filter((g) => g !== stdout);
  const specific = (group: TextView): Decision | undefined => firstRule(group, 'specific', radius);
  for (const group of trusted) {
    // A retry log: the final failure decides, the attempts before it are context.
    const final = afterLastRetry(group);
    const d = (final && specific(final)) ?? specific(group);
    if (d) return d;
  }

  // 4b. Identifiers a provider, SDK, protocol or OS defines (class names, error codes), read
  //     before a bare structured status: "429 insufficient_quota" is quota, not rate.
  for (const group of trusted) {
    const d = identifierDecision(group, radius);
    if (d) return d;
  }

  // 5. A structured HTTP status, then the stdout, then a status code stated in the text.
  if (httpStatus !== undefined) {
    const reason = reasonForStatus(httpStatus);
    if (reason) return { reason, rule: `http.${httpStatus}`, evidence: 'http_status', excerpt: `HTTP ${httpStatus}` };
  }
  if (stdout !== undefined) {
    const d = specific(stdout);
    if (d) return d;
  }
  for (const group of texts.groups) {
    const inText = findHttpStatusInText(group.lower);
    const reason = inText === undefined ? undefined : reasonForStatus(inText);
    if (reason) {
      const at = group.lower.indexOf(String(inText));
      return { reason, rule: `text.http_${inText}`, evidence: 'text', excerpt: excerptFor(group, at, at + 3, radius) };
    }
  }

  // 6. Generic wordings.
  for (const group of texts.groups) {
    const d = firstRule(group, 'generic', radius);
    if (d) return d;
  }

  // 7. Finish reasons the model reported.
  if (Array.isArray(ev.finishReasons)) {
    for (const fr of ev.finishReasons) {
      const reason = typeof fr === 'string' ? FINISH_REASONS.get(fr.toLowerCase()) : undefined;
      if (reason) return { reason, rule: `finish_reason.${fr.toLowerCase()}`, evidence: 'structured', excerpt: fr };
    }
  }

  // 8. Process facts with a conventional meaning (exit 127, 126, 130, 143, SIGINT, SIGTERM).
  if (closeReason !== 'fatal_rpc_error') {
    if (exitFact !== undefined) return factDecision(exitFact, `fact.exit_${exitCode}`, `exit code ${exitCode}`);
    if (signalFact !== undefined) {
      return factDecision(signalFact, signalFact.reason === 'cancelled' ? 'fact.interrupt_signal' : 'fact.signal', signal as string);
    }
  }

  // 9. Cue words, the last resort of the text: what kind of thing went wrong, never retry-safe.
  //    After a fatal RPC close or an empty output the close reason is the better evidence.
  if (closeReason !== 'fatal_rpc_error' && closeReason !== 'empty_output') {
    for (const group of texts.groups) {
      const d = cueDecision(group, radius);
      if (d) return d;
    }
  }

  // 10. Promotion: the close reason refines the opaque bucket.
  switch (closeReason) {
    case 'stream_error':
    case 'exit_nonzero':
    case 'fatal_rpc_error':
    case 'empty_output':
      return { reason: closeReason, rule: `close.${closeReason}`, evidence: 'close_reason' };
    case 'signal':
      return { reason: 'process_crash', rule: 'close.signal', evidence: 'close_reason', excerpt: signal };
    default:
      break;
  }
  if (ev.outputEmpty === true) return { reason: 'empty_output', rule: 'fact.output_empty', evidence: 'structured' };
  if (exitCode !== undefined && exitCode !== 0) {
    return { reason: 'exit_nonzero', rule: 'fact.exit_nonzero', evidence: 'structured', excerpt: `exit code ${exitCode}` };
  }
  if (signal !== undefined) {
    return { reason: 'process_crash', rule: 'fact.signal', evidence: 'structured', excerpt: signal };
  }
  return { reason: 'unknown', rule: 'none', evidence: 'none' };
}
