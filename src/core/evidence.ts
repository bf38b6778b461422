/**
 * What the classifier reads and what it answers: the types every part of the package
 * shares. Pure declarations; the span reader fills `FailureEvidence`, the classifier
 * returns `FailureVerdict`.
 */
import type { CloseReason } from './close-reason.js';
import type { FailureCategory, FailureReason } from './taxonomy.js';

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
  /** Raw close reason from a `runtime_close` event; normalised into the verdict's `closeReason`. */
  closeReason?: string;
  /** True when the host stopped the run on its own timeout. */
  timedOut?: boolean;
  /** True when the user (or host on the user's behalf) cancelled the run. */
  cancelled?: boolean;
  /** Whether any tool ran during the run. */
  toolsRan?: boolean;
  /** Whether a tool with side effects ran; when unknown, any tool that ran counts. */
  sideEffectingToolRan?: boolean;
  /**
   * The error a failed tool (or MCP server) call of this run recorded, the latest one. When the
   * run's own failure text repeats it, the tool is who failed: the verdict is `tool_error`,
   * whatever the phenomenon (a Jira 401 relayed by an MCP tool is not the model provider's).
   */
  failedToolError?: string;
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

/** The classifier's answer for one run. */
export interface FailureVerdict {
  reason: FailureReason;
  category: FailureCategory;
  /** The normalised close reason, when one was given. */
  closeReason?: CloseReason;
  retrySafe: boolean;
  resumeSafe: boolean;
  /** When the evidence says a retry may succeed, in ms from now (clamped to 24 h). */
  retryAfterMs?: number;
  /**
   * Id of the rule that decided. `preset` when the instrumentation's own taxonomy value was
   * kept, `preset.foreign` when it set a value outside the taxonomy (kept on the span as it is).
   */
  rule: string;
  evidence: EvidenceKind;
  /** Short sanitised excerpt of the deciding evidence; empty when none or switched off. */
  detail: string;
}

/** A user rule as written in JSON (a rules file's `rules`, or the `rules` option). */
export interface UserRule {
  /** Stamped as `failure.rule` = `custom.<id>`. */
  id: string;
  /** One reason of the taxonomy. */
  reason: FailureReason;
  /** Every condition given must hold; at least one is required. */
  match: {
    /** Case-insensitive substring of any evidence text. */
    substring?: string;
    /** Regular expression tried line by line on the evidence texts. */
    regex?: string;
    /** Flags of `regex` (i, m, s, u). Default `i`. */
    flags?: string;
    httpStatus?: number;
    exitCode?: number;
    closeReason?: string;
  };
  /** Overrides the reason's default `retry.safe` (still false when a side-effecting tool ran). */
  retrySafe?: boolean;
  /** Overrides the reason's default `retry.resume_safe`. */
  resumeSafe?: boolean;
  /** Why the rule exists, for people reading the file. */
  why?: string;
}

/** Options of `classifyFailure` and `createClassifier`. */
export interface ClassifierOptions {
  /** Characters examined per text field (stderr keeps its tail). Default 16 KiB. */
  maxTextLength?: number;
  /** Maximum length of `detail`; 0 switches the excerpt off. Default 240. */
  maxDetailLength?: number;
  /** User rules, tried before the built-ins. Invalid ones are skipped, each reported to `onWarning`. */
  rules?: readonly UserRule[];
  /**
   * Receives one message per problem: an invalid user rule, or an internal error (the
   * verdict is then `unknown` with rule `internal_error`). Default: silent.
   */
  onWarning?: (message: string) => void;
  /** Clock for absolute reset times; defaults to `Date.now()`. */
  now?: () => number;
  /**
   * The learned step (rules/learned-model.json, SPEC.md "Learned fallback"): a small text model
   * names a reason where the rules say `unknown`, overrides a cue-word or generic-tier verdict
   * when it is confident, and overrules a specific wording rule only when, reading that rule's
   * own excerpt, it is confident of another reason; host facts stand. Its verdicts (rule
   * `learned.<reason>`) are never retry-safe. The Collector config cannot run it (pass `false`
   * for the Collector's verdicts). Default: true.
   */
  learned?: boolean;
}
