/**
 * The learned step (SPEC.md "Learned step"), after the rule ladder, on unless turned off
 * (option `learned: false`): it names a reason for a text the rules leave `unknown`, replaces a
 * weak verdict it is confident against, overrules a specific wording rule it is confident is
 * wrong on that rule's own excerpt, and reads a text verdict's retry-safety a second time. Its
 * own verdicts are never retry-safe. The model and its scorer are in learned-model.ts.
 */
import type { FailureEvidence } from '../evidence.js';
import { RULES } from '../rules/rule-data.js';
import type { FailureReason } from '../taxonomy.js';
import { wholeNumber } from '../values.js';
import type { Decision } from './decision.js';
import {
  bestClass,
  LEARNED_THRESHOLDS,
  learnedProbabilities,
  probabilityOf,
  reasonOfClass,
  transientShare,
  type LearnedFacts,
} from './learned-model.js';

/**
 * What the model reads of one run: the whole text (the run's text groups joined) with its
 * structured facts, and excerpts; each scored at most once per classification.
 */
export class LearnedReading {
  private _whole: number[] | undefined;
  private readonly _excerpts = new Map<string, number[]>();

  constructor(
    private readonly _ev: FailureEvidence,
    private readonly _texts: readonly string[],
  ) {}

  get hasText(): boolean {
    return this._texts.length > 0;
  }

  /** Characters of the whole text the model reads (the text groups joined by newlines). */
  get textLength(): number {
    return this._texts.reduce((n, t) => n + t.length, Math.max(0, this._texts.length - 1));
  }

  whole(): number[] {
    return (this._whole ??= learnedProbabilities(this._texts.join('\n'), factsOf(this._ev)));
  }

  excerpt(text: string): number[] {
    let p = this._excerpts.get(text);
    if (p === undefined) this._excerpts.set(text, (p = learnedProbabilities(text)));
    return p;
  }
}

function factsOf(ev: FailureEvidence): LearnedFacts {
  const facts: LearnedFacts = {};
  const httpStatus = wholeNumber(ev.httpStatus);
  const exitCode = wholeNumber(ev.exitCode);
  if (httpStatus !== undefined) facts.httpStatus = httpStatus;
  if (exitCode !== undefined) facts.exitCode = exitCode;
  if (typeof ev.signal === 'string') facts.signal = ev.signal;
  return facts;
}

/** Generic-tier rule ids: with the cue words, the weak steps the model may override. */
const GENERIC_RULES: ReadonlySet<string> = new Set(RULES.textRules.filter((r) => r.tier === 'generic').map((r) => r.id));

/** A verdict from a weak step: a cue word, or a generic-tier wording (rule ids may carry `@locus`). */
export function isWeakRule(rule: string): boolean {
  if (rule.startsWith('cue.')) return true;
  const at = rule.indexOf('@');
  return GENERIC_RULES.has(at < 0 ? rule : rule.slice(0, at));
}

/** Verdicts the learned step may look at: the built-in rules' on the text and the structured facts. */
// Only a run the rules left unknown, or decided by a weak step, is scored on its whole text.
const mayChange = (d: Decision): boolean => d.rule === 'none' || isWeakRule(d.rule);

// A specific built-in text rule is judged on the excerpt it matched (its line, as far as the
// excerpt reaches) and on the whole text, and only on a short text: long tails full of tool
// traffic are not the short texts the model learned from (scored on whole tails, overrides broke
// 8 of the 41 recorded CLI runs; on their excerpts, a retrained model broke one or two).
const mayOverride = (d: Decision): boolean =>
  d.evidence === 'text' && d.excerpt !== undefined && d.excerpt.length > 0 && !d.rule.startsWith('custom.') && !d.rule.startsWith('cue.');

// The verdict keeps the excerpt of the step it replaces (the line the model read, or the weak
// step's match): failure.detail still shows where the evidence is.
function learnedDecision(reason: FailureReason, replaced: Decision): Decision {
  const d: Decision = { reason, rule: `learned.${reason}`, evidence: 'text', retrySafe: false };
  if (replaced.excerpt !== undefined) d.excerpt = replaced.excerpt;
  return d;
}

// The model learned from short texts: half the labelled texts are under 150 characters, 97 %
// under 620. On a text that short its reading of the whole text is as good as its reading of an
// excerpt; on a longer one (a CLI's banner and settings, an agent's result record, tool traffic)
// it is not, and the excerpt's reading decides.
const SHORT_TEXT = 600;

/**
 * The learned step after the ladder. Where the rules found nothing (rule `none`) the model's
 * reason is taken when its probability reaches `nameAtLeast` (below it the model reads little
 * more than its prior); where a weak step decided (a cue word or a generic-tier rule), the model's
 * reason replaces it when its confidence reaches `replaceWeakAt`. Where a specific built-in text
 * rule decided on a short text, the model reads that rule's excerpt and the whole text, and
 * replaces the verdict only when it is that confident of another reason and gives the rule's
 * reason less than `overrideBelow`; on a longer text it leaves a specific rule alone.
 * Host facts, a preset reason, a user rule (`custom.*`) and a verdict read from the close
 * reason are left alone. Never retry-safe; the model's `unknown` changes nothing, and its
 * `exit_nonzero` replaces no rule's verdict: that reason means nothing but the exit code explains
 * the failure, and a rule that matched is an explanation (a host's own "closed: exit_nonzero"
 * status line beside an agent's "invalid x-api-key" read as exit_nonzero to a model retrained on
 * a-au; the recorded CLI runs test caught it).
 */
export function learnedStep(decision: Decision, reading: LearnedReading): Decision {
  if (!reading.hasText) return decision;
  const { minConfidence, overrideBelow, nameAtLeast, replaceWeakAt } = LEARNED_THRESHOLDS;
  if (mayChange(decision)) {
    const p = reading.whole();
    const best = bestClass(p);
    const reason = reasonOfClass(best);
    if (reason === 'unknown' || (reason === 'exit_nonzero' && decision.rule !== 'none')) return decision;
    return p[best]! >= (decision.rule === 'none' ? nameAtLeast : replaceWeakAt) ? learnedDecision(reason, decision) : decision;
  }
  // A long text (a CLI's banner and settings, result records, tool traffic) is not what the model
  // learned from: there it overrules no specific rule. Leave-one-batch-out on ag-ar, 7 such
  // overrides among 127 long texts were right 3 times (the rule 2); each retrain flipped a
  // recorded CLI run (all long tails) one way or the other.
  if (!mayOverride(decision) || reading.textLength > SHORT_TEXT) return decision;
  const overruling = (p: readonly number[]): FailureReason | undefined => {
    const best = bestClass(p);
    const reason = reasonOfClass(best);
    if (reason === 'unknown' || reason === 'exit_nonzero' || reason === decision.reason || p[best]! < minConfidence) return undefined;
    return probabilityOf(p, decision.reason) < overrideBelow ? reason : undefined;
  };
  // On a short text (the only kind that gets here) the model's reading of the whole text counts
  // as much as its reading of the excerpt (+1 to +1.2 points leave-one-batch-out on 21
  // first-contact batches). Not for an identifier from a provider's or SDK's own list (`id.*`):
  // the last one in a retry log decides, and a bag of words has no order.
  const readWhole = !decision.rule.startsWith('id.');
  const reason = overruling(reading.excerpt(decision.excerpt!)) ?? (readWhole ? overruling(reading.whole()) : undefined);
  return reason === undefined ? decision : learnedDecision(reason, decision);
}

/**
 * A second reading before a text rule's verdict is called retry-safe: the model's share on the
 * retry-safe reasons must reach `transientAtLeast`. On a short text the whole-text and excerpt
 * readings are averaged (either alone let half again as many non-retryable failures through,
 * leave-one-batch-out): a wording that only looks transient ("timed out" in a tool's log,
 * "connection closed" of an MCP server) keeps its reason but is not called safe to repeat. On a
 * longer text either reading suffices (whole CLI tails of real network drops read as anything
 * but transient). An HTTP status that decided is read again too when text stands beside it: a 500
 * whose text no rule explains is often a rejected request or a library error relayed as a server
 * fault (at first contact over ew–fp, 17 non-retryable failures called retry-safe became 13, and
 * 386 retryable ones 384). A close reason, and a status with no text, stand.
 */
export function learnedConfirmsTransient(decision: Decision, reading: LearnedReading): boolean {
  if (!reading.hasText) return true;
  const needed = LEARNED_THRESHOLDS.transientAtLeast;
  // A status's excerpt ("HTTP 500") is not text: the whole text, which carries the status, is read.
  if (decision.evidence === 'http_status') return transientShare(reading.whole()) >= needed;
  if (decision.evidence !== 'text') return true;
  if (decision.excerpt === undefined || decision.excerpt.length === 0) return transientShare(reading.whole()) >= needed;
  const excerpt = transientShare(reading.excerpt(decision.excerpt));
  if (reading.textLength <= SHORT_TEXT) return (transientShare(reading.whole()) + excerpt) / 2 >= needed;
  // A long text: the excerpt first (the whole text is read only when the excerpt does not suffice),
  // and half the probability suffices: 127 of 2 378 held-out texts are long, too few to learn
  // their tails from (leave-one-batch-out the same at 0.4-0.6 there), and real CLI tails of
  // network drops read 0.4-0.6 transient.
  const neededLong = LEARNED_THRESHOLDS.transientAtLeastLong;
  return excerpt >= neededLong || transientShare(reading.whole()) >= neededLong;
}
