/**
 * The pure classifier: evidence about a failed agent run in, one verdict out.
 * No OpenTelemetry import, no I/O: the processor, the CLI and users all call it.
 */
import { normalizeCloseReason, type CloseReason } from './close-reason.js';
import type { CustomRule } from './custom-rules.js';
import { findHttpStatusInText } from './http-status.js';
import { buildKeywordScanner, type KeywordScanner } from './keyword-scan.js';
import { parseRetryAfterMs } from './retry-after.js';
import { BUILTIN_RULES, type TextRule } from './rules.js';
import { DEFAULT_MAX_DETAIL_LENGTH, excerptAround, sanitizeDetail } from './sanitize.js';
import {
  failureReasonInfo,
  isFailureReason,
  isGenericFailureReason,
  type FailureCategory,
  type FailureReason,
} from './taxonomy.js';
import { boundText, DEFAULT_MAX_TEXT_LENGTH, stripAnsi } from './text.js';

/** Version of the rule set; stamped as `failure.classifier.version`. Bumped whenever a verdict can change. */
export const CLASSIFIER_VERSION = '1.0.0';

/** Everything a host may know about a failed run. Every field is optional. */
export interface FailureEvidence {
  /** Span status message. Texts are trusted in the order of these fields. */
  statusMessage?: string;
  exceptionType?: string;
  exceptionMessage?: string;
  errorType?: string;
  errorMessage?: string;
  /** Tail of the agent process's stderr (bounded from the end: errors come last). */
  stderrTail?: string;
  /** Tail of stdout: some CLIs print errors there in non-interactive mode. */
  stdoutTail?: string;
  /** Any further texts, trusted after the fields above. */
  texts?: readonly string[];
  /** HTTP status of the provider's answer, when the instrumentation recorded it. */
  httpStatus?: number;
  exitCode?: number;
  /** Signal name, e.g. `SIGKILL`. */
  signal?: string;
  /** Raw close reason from a `runtime_close` event; normalised into `closeReason`. */
  closeReason?: string;
  /** True when the host stopped the run on its own timeout. */
  timedOut?: boolean;
  /** True when the user (or host on the user's behalf) cancelled the run. */
  cancelled?: boolean;
  /** Whether any tool ran during the run. */
  toolsRan?: boolean;
  /** Whether a tool with side effects ran; when unknown, any tool that ran counts. */
  sideEffectingToolRan?: boolean;
  /** Whether user-visible output was already produced (a retry would duplicate it). */
  outputProduced?: boolean;
  /** Whether the run's output was empty. */
  outputEmpty?: boolean;
  /** `gen_ai.response.finish_reasons` of the run. */
  finishReasons?: readonly string[];
  /** A failure reason the instrumentation already set. */
  presetReason?: string;
}

/** Which kind of evidence decided the verdict. */
export type EvidenceKind = 'preset' | 'structured' | 'http_status' | 'text' | 'close_reason' | 'none';

export interface FailureVerdict {
  reason: FailureReason;
  category: FailureCategory;
  /** The normalised close reason, when one was given. */
  closeReason?: CloseReason;
  retrySafe: boolean;
  resumeSafe: boolean;
  /** When the evidence says a retry may succeed, in ms from now (clamped to 24 h). */
  retryAfterMs?: number;
  /** Id of the rule that decided. */
  rule: string;
  evidence: EvidenceKind;
  /** Short sanitised excerpt of the deciding evidence; empty when none or switched off. */
  detail: string;
}

export interface ClassifierOptions {
  /** Characters examined per text field (stderr keeps its tail). Default 16 KiB. */
  maxTextLength?: number;
  /** Maximum length of `detail`; 0 switches the excerpt off. Default 240. */
  maxDetailLength?: number;
  /** User rules, tried before the built-ins (see `parseCustomRules`). */
  customRules?: readonly CustomRule[];
  /** Clock for absolute reset times; defaults to `Date.now()`. */
  now?: () => number;
}

// Crash signals: the fact decides, not a half-written line left in stderr.
const CRASH_SIGNALS = new Set(['SIGKILL', 'SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGSYS']);
// Exit codes a shell reports for those signals (128 + n).
const CRASH_EXIT_CODES = new Set([134, 135, 136, 137, 139]);
// Windows NTSTATUS failure codes as exit codes (0xC0000005 access violation, 0xC0000409 stack overrun…).
const isWindowsCrashCode = (code: number): boolean => (code >= 0xc0000000 && code <= 0xcfffffff) || (code <= -0x30000000 && code >= -0x40000000);
// Ctrl-C is the user's intent; other stop signals without a host fact mean something killed the run.
const INTERRUPT_SIGNALS = new Set(['SIGINT']);

const STATUS_REASONS: ReadonlyMap<number, FailureReason> = new Map<number, FailureReason>([
  [400, 'invalid_request'],
  [401, 'provider_auth'],
  [402, 'provider_quota'],
  [403, 'provider_auth'],
  [404, 'model_not_found'],
  [408, 'provider_timeout'],
  [413, 'context_overflow'],
  [422, 'invalid_request'],
  [429, 'provider_rate_limit'],
  [451, 'provider_auth'],
  [500, 'provider_server_error'],
  [502, 'provider_server_error'],
  [503, 'provider_server_error'],
  [504, 'provider_timeout'],
  [524, 'provider_timeout'],
  [529, 'provider_overloaded'],
]);

function reasonForStatus(status: number): FailureReason | undefined {
  const direct = STATUS_REASONS.get(status);
  if (direct) return direct;
  if (status >= 500 && status <= 599) return 'provider_server_error';
  return undefined;
}

const FINISH_REASONS: ReadonlyMap<string, FailureReason> = new Map<string, FailureReason>([
  ['content_filter', 'content_filtered'],
  ['safety', 'content_filtered'],
  ['recitation', 'content_filtered'],
  ['blocklist', 'content_filtered'],
  ['prohibited_content', 'content_filtered'],
  ['spii', 'content_filtered'],
  ['refusal', 'content_filtered'],
  ['model_context_window_exceeded', 'context_overflow'],
  ['error_max_turns', 'iteration_limit'],
]);

interface Decision {
  reason: FailureReason;
  rule: string;
  evidence: EvidenceKind;
  /** Raw excerpt, sanitised at the end. */
  excerpt?: string;
  retrySafe?: boolean;
  resumeSafe?: boolean;
}

/** Some bounded evidence texts, joined, in three forms. */
interface TextView {
  /** As given (user rules match on this). */
  raw: string;
  /** Escape-free, case-preserving form: excerpts are taken from it. */
  clean: string;
  /** `clean` lower-cased: the form built-in rules match on. */
  lower: string;
  /** First position of every rule keyword in `lower`, computed on first use. */
  keywordAt?: Int32Array;
}

interface Texts {
  /** Every text as given, joined: user rules match on this. */
  raw: string;
  /** `raw` lower-cased, computed when a user rule needs it. */
  rawLower?: string;
  /**
   * The same texts by trust: what the host said (status, exception, error attributes, its
   * own messages), then the agent's stderr, then its stdout. Rules read the groups in this
   * order, so log noise in a tail never outranks the error the host recorded.
   */
  groups: TextView[];
  /** The agent's stdout, when given: its own output, which may discuss errors. */
  stdout: TextView | undefined;
}

function textView(parts: readonly string[]): TextView {
  const raw = parts.join('\n');
  const clean = stripAnsi(raw);
  return { raw, clean, lower: clean.toLowerCase() };
}

/** A built-in rule with its keywords resolved to scanner ids. */
interface CompiledRule {
  rule: TextRule;
  any: Int32Array;
  none: Int32Array | undefined;
  /** `rule.re` with the global flag, so a search can start near the first keyword. */
  search: RegExp | undefined;
}

let compiled: { scanner: KeywordScanner; rules: CompiledRule[]; byId: Map<string, CompiledRule> } | undefined;

/** Built on first use, so importing the package costs nothing. */
function compiledRules(): NonNullable<typeof compiled> {
  if (compiled === undefined) {
    const scanner = buildKeywordScanner(BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]));
    const ids = (keywords: readonly string[]): Int32Array => Int32Array.from(keywords, (k) => scanner.id(k));
    const rules = BUILTIN_RULES.map((rule) => ({
      rule,
      any: ids(rule.any),
      none: rule.none ? ids(rule.none) : undefined,
      search: rule.re ? new RegExp(rule.re.source, `${rule.re.flags}g`) : undefined,
    }));
    compiled = { scanner, rules, byId: new Map(rules.map((r) => [r.rule.id, r])) };
  }
  return compiled;
}

/** All texts together are bounded too: at most this many times the per-field bound. */
const TOTAL_TEXT_FACTOR = 4;

function collectTexts(ev: FailureEvidence, max: number): Texts {
  const parts: string[] = [];
  const host: string[] = [];
  const stderr: string[] = [];
  const stdout: string[] = [];
  let budget = max * TOTAL_TEXT_FACTOR;
  const add = (value: unknown, keep: 'head' | 'tail' = 'head', group: string[] = host): void => {
    if (typeof value !== 'string' || value.length === 0 || budget <= 0) return;
    const part = boundText(value, Math.min(max, budget), keep);
    // Hosts often copy one error into the status, the exception and error.message: read it once.
    if (parts.includes(part)) return;
    budget -= part.length;
    parts.push(part);
    group.push(part);
  };
  add(ev.statusMessage);
  if (typeof ev.exceptionType === 'string' && typeof ev.exceptionMessage === 'string') {
    add(`${boundText(ev.exceptionType, 256)}: ${boundText(ev.exceptionMessage, max)}`);
  } else {
    add(ev.exceptionType);
    add(ev.exceptionMessage);
  }
  add(ev.errorType);
  add(ev.errorMessage);
  if (Array.isArray(ev.texts)) {
    for (let i = 0; i < ev.texts.length && i < 16; i++) add(ev.texts[i]);
  }
  add(ev.stderrTail, 'tail', stderr);
  add(ev.stdoutTail, 'tail', stdout);
  const hostView = host.length > 0 ? textView(host) : undefined;
  const stderrView = stderr.length > 0 ? textView(stderr) : undefined;
  const stdoutView = stdout.length > 0 ? textView(stdout) : undefined;
  const groups = [hostView, stderrView, stdoutView].filter((g): g is TextView => g !== undefined);
  return { raw: groups.length === 1 ? (groups[0] as TextView).raw : parts.join('\n'), groups, stdout: stdoutView };
}

/** Earliest position at which one of the keywords occurs, or -1. */
function firstKeyword(texts: TextView, ids: Int32Array): number {
  const at = (texts.keywordAt ??= compiledRules().scanner.scan(texts.lower));
  let first = -1;
  for (let i = 0; i < ids.length; i++) {
    const position = at[ids[i]!]!;
    if (position !== -1 && (first === -1 || position < first)) first = position;
  }
  return first;
}

/**
 * Where a rule's regex search may start: the line before the one holding its earliest
 * keyword. Every match of a rule contains one of its keywords (test/rules.test.ts checks
 * this on every real text), so nothing earlier can match; on a long stderr whose error is
 * at the end, this skips almost all of it.
 * @internal
 */
export function searchStart(lower: string, keywordAt: number): number {
  const lineStart = lower.lastIndexOf('\n', keywordAt - 1);
  if (lineStart <= 0) return 0;
  return lower.lastIndexOf('\n', lineStart - 1) + 1;
}

function runTextRule(compiledRule: CompiledRule, texts: TextView, radius: number): Decision | undefined {
  const { rule } = compiledRule;
  const { lower } = texts;
  const at = firstKeyword(texts, compiledRule.any);
  if (at === -1) return undefined;
  if (compiledRule.none && firstKeyword(texts, compiledRule.none) !== -1) return undefined;
  let start = at;
  let end = at + 1;
  if (compiledRule.search) {
    compiledRule.search.lastIndex = searchStart(lower, at);
    const m = compiledRule.search.exec(lower);
    if (m === null) return undefined;
    start = m.index;
    end = m.index + m[0].length;
  }
  return { reason: rule.reason, rule: rule.id, evidence: 'text', excerpt: excerptFor(texts, start, end, radius) };
}

function excerptFor(texts: TextView, start: number, end: number, radius: number): string {
  // Positions refer to the lower-cased text; lower-casing keeps lengths but for a few
  // characters (İ), and then the lower-cased text serves (redaction ignores case).
  const source = texts.lower.length === texts.clean.length ? texts.clean : texts.lower;
  return excerptAround(source, start, end, radius);
}

/** The first rule of a tier, in table order, that matches the text. */
function firstRule(texts: TextView, tier: TextRule['tier'], radius: number): Decision | undefined {
  for (const rule of compiledRules().rules) {
    if (rule.rule.tier !== tier) continue;
    const d = runTextRule(rule, texts, radius);
    if (d) return d;
  }
  return undefined;
}

/** Longest line a user regex sees: bounds the cost of a pattern with a leading `\s*` or `.*`. */
const MAX_USER_REGEX_LINE = 2048;

/** First match of a user regex, tried line by line on bounded lines; [start, end) in `text`. */
function execByLine(re: RegExp, text: string): [number, number] | undefined {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const from = Math.max(lineStart, lineEnd - MAX_USER_REGEX_LINE);
    const m = re.exec(text.slice(from, lineEnd));
    if (m !== null) return [from + m.index, from + m.index + m[0].length];
    lineStart = lineEnd + 1;
  }
  return undefined;
}

function runCustomRule(rule: CustomRule, ev: FailureEvidence, texts: Texts, closeReason: CloseReason | undefined, radius: number): Decision | undefined {
  const m = rule.match;
  if (m.httpStatus !== undefined && m.httpStatus !== ev.httpStatus) return undefined;
  if (m.exitCode !== undefined && m.exitCode !== ev.exitCode) return undefined;
  if (m.closeReason !== undefined && m.closeReason !== closeReason) return undefined;
  let start = -1;
  let end = -1;
  if (m.substring !== undefined) {
    start = (texts.rawLower ??= texts.raw.toLowerCase()).indexOf(m.substring);
    if (start === -1) return undefined;
    end = start + m.substring.length;
  }
  if (m.regex !== undefined) {
    const found = execByLine(m.regex, texts.raw);
    if (found === undefined) return undefined;
    [start, end] = found;
  }
  const decision: Decision = { reason: rule.reason, rule: rule.id, evidence: start >= 0 ? 'text' : 'structured' };
  if (start >= 0) decision.excerpt = excerptAround(texts.raw, start, end, radius);
  if (rule.retrySafe !== undefined) decision.retrySafe = rule.retrySafe;
  if (rule.resumeSafe !== undefined) decision.resumeSafe = rule.resumeSafe;
  return decision;
}

function normalizeSignal(signal: unknown): string | undefined {
  if (typeof signal !== 'string' || signal.length === 0 || signal.length > 16) return undefined;
  const s = signal.trim().toUpperCase();
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function decide(ev: FailureEvidence, texts: Texts, closeReason: CloseReason | undefined, opts: ResolvedOptions): Decision {
  const radius = Math.max(opts.maxDetailLength, 40);
  const signal = normalizeSignal(ev.signal);
  const exitCode = wholeNumber(ev.exitCode);
  const httpStatus = wholeNumber(ev.httpStatus);

  // 1. User rules first: the user knows their fleet.
  for (const rule of opts.customRules) {
    const d = runCustomRule(rule, ev, texts, closeReason, radius);
    if (d) return d;
  }

  // 2. Facts the host knows beat any text: a requested cancel, the host's own timeout.
  if (ev.cancelled === true) return { reason: 'cancelled', rule: 'fact.cancelled', evidence: 'structured' };
  if (closeReason === 'cancel_requested') return { reason: 'cancelled', rule: 'close.cancel_requested', evidence: 'close_reason' };
  if (ev.timedOut === true) return { reason: 'run_timeout', rule: 'fact.host_timeout', evidence: 'structured' };
  if (closeReason === 'timeout') return { reason: 'run_timeout', rule: 'close.timeout', evidence: 'close_reason' };

  // 3. A host that says it killed the run on its own clock beats the kill signal it sent.
  if (signal !== undefined || (exitCode !== undefined && CRASH_EXIT_CODES.has(exitCode))) {
    const hostTimeoutRule = compiledRules().byId.get('timeout.agent_run')!;
    for (const group of texts.groups) {
      const hostTimeout = runTextRule(hostTimeoutRule, group, radius);
      if (hostTimeout) return hostTimeout;
    }
  }

  // 3b. A crash signal is decided by the fact. After a fatal RPC close, exit code and
  //    signal are the host's cleanup, not the cause.
  if (closeReason !== 'fatal_rpc_error') {
    if (signal !== undefined && CRASH_SIGNALS.has(signal)) {
      return { reason: 'process_crash', rule: 'fact.crash_signal', evidence: 'structured', excerpt: signal };
    }
    if (exitCode !== undefined && (CRASH_EXIT_CODES.has(exitCode) || isWindowsCrashCode(exitCode))) {
      return { reason: 'process_crash', rule: 'fact.crash_exit_code', evidence: 'structured', excerpt: `exit code ${exitCode}` };
    }
  }

  // 4. Specific text, group by group in trust order: a provider error beats the
  //    process-level close reason, and what the host recorded beats noise in a tail. The
  //    agent's stdout (its own output, which may discuss errors) comes after a structured
  //    HTTP status.
  const { stdout } = texts;
  const trusted = stdout === undefined ? texts.groups : texts.groups.filter((g) => g !== stdout);
  const specific = (group: TextView): Decision | undefined => firstRule(group, 'specific', radius);
  for (const group of trusted) {
    const d = specific(group);
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

  // 8. Process facts with a conventional meaning.
  if (closeReason !== 'fatal_rpc_error') {
    if (exitCode === 127) return { reason: 'cli_not_installed', rule: 'fact.exit_127', evidence: 'structured', excerpt: 'exit code 127' };
    if (exitCode === 126) return { reason: 'spawn_failed', rule: 'fact.exit_126', evidence: 'structured', excerpt: 'exit code 126' };
    if (signal !== undefined && INTERRUPT_SIGNALS.has(signal)) {
      return { reason: 'cancelled', rule: 'fact.interrupt_signal', evidence: 'structured', excerpt: signal };
    }
  }

  // 9. Promotion: the close reason refines the opaque bucket.
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

interface ResolvedOptions {
  maxTextLength: number;
  maxDetailLength: number;
  customRules: readonly CustomRule[];
  now: () => number;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function resolveOptions(options: ClassifierOptions | undefined): ResolvedOptions {
  return {
    maxTextLength: Math.max(1, positiveInt(options?.maxTextLength, DEFAULT_MAX_TEXT_LENGTH)),
    maxDetailLength: positiveInt(options?.maxDetailLength, DEFAULT_MAX_DETAIL_LENGTH),
    customRules: Array.isArray(options?.customRules) ? options.customRules : [],
    now: typeof options?.now === 'function' ? options.now : Date.now,
  };
}

function classifyResolved(evidence: FailureEvidence, opts: ResolvedOptions): FailureVerdict {
  const ev: FailureEvidence = evidence !== null && typeof evidence === 'object' ? evidence : {};
  const closeReason = normalizeCloseReason(ev.closeReason);
  const texts = collectTexts(ev, opts.maxTextLength);

  let decision: Decision;
  let foreignPreset = false;
  const preset = typeof ev.presetReason === 'string' ? ev.presetReason : undefined;
  if (preset !== undefined && !isGenericFailureReason(preset)) {
    if (isFailureReason(preset)) {
      decision = { reason: preset, rule: 'preset', evidence: 'preset' };
    } else {
      // A specific value outside the taxonomy is the instrumentation's own: it is kept on the
      // span, and the verdict stays conservative.
      decision = { reason: 'unknown', rule: 'preset.foreign', evidence: 'preset' };
      foreignPreset = true;
    }
  } else {
    decision = decide(ev, texts, closeReason, opts);
  }

  const info = failureReasonInfo(decision.reason);
  const sideEffects = ev.sideEffectingToolRan ?? ev.toolsRan === true;
  const baseRetry = decision.retrySafe ?? info.retrySafe;
  const verdict: FailureVerdict = {
    reason: decision.reason,
    category: info.category,
    retrySafe: baseRetry && !foreignPreset && sideEffects !== true && ev.outputProduced !== true,
    resumeSafe: decision.resumeSafe ?? info.resumeSafe,
    rule: decision.rule,
    evidence: decision.evidence,
    detail: '',
  };
  if (closeReason !== undefined) verdict.closeReason = closeReason;
  if (texts.raw.length > 0 && (info.category === 'provider' || decision.reason === 'provider_quota')) {
    let retryAfterMs: number | undefined;
    for (const group of texts.groups) {
      retryAfterMs = parseRetryAfterMs(group.lower, opts.now());
      if (retryAfterMs !== undefined) break;
    }
    if (retryAfterMs !== undefined) verdict.retryAfterMs = retryAfterMs;
  }
  if (opts.maxDetailLength > 0 && decision.excerpt) {
    verdict.detail = sanitizeDetail(decision.excerpt, opts.maxDetailLength);
  }
  return verdict;
}

/**
 * Classifies the evidence of one failed agent run. Pure and total: it never throws and
 * always returns a reason from the taxonomy.
 *
 * @param evidence what is known about the run; every field is optional
 * @param options bounds, detail length and user rules
 */
export function classifyFailure(evidence: FailureEvidence, options?: ClassifierOptions): FailureVerdict {
  return classifySafely(evidence, resolveOptions(options));
}

/** Last line of defence: a bug in a rule must not become an exception in someone's service. */
function classifySafely(evidence: FailureEvidence, opts: ResolvedOptions): FailureVerdict {
  try {
    return classifyResolved(evidence, opts);
  } catch {
    return { reason: 'unknown', category: 'unknown', retrySafe: false, resumeSafe: false, rule: 'internal_error', evidence: 'none', detail: '' };
  }
}

/**
 * A classifier with its options resolved once, for hot paths (the span processor).
 */
export function createClassifier(options?: ClassifierOptions): (evidence: FailureEvidence) => FailureVerdict {
  const opts = resolveOptions(options);
  return (evidence) => classifySafely(evidence, opts);
}
