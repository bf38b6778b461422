/**
 * The learned step (SPEC.md "Learned fallback"): a small softmax regression
 * (rules/learned-model.json, trained by scripts/learned/build-model.mjs) that names a reason
 * for a text the rules leave `unknown`, replaces a weak verdict it is confident against, and
 * overrules a specific wording rule it is confident is wrong on that rule's own excerpt. On
 * unless turned off (option `learned: false`). Its verdict is never retry-safe. Bounded work: at most `maxChars` characters are read, one pass, at most
 * `maxTokens` tokens, no regular expressions. The tokenizer is the one of
 * scripts/learned/features.mjs, checked against the model's own check cases in the tests.
 */
import MODEL from '../../../rules/learned-model.json' with { type: 'json' };
import type { FailureEvidence } from '../evidence.js';
import { RULES } from '../rules/rule-data.js';
import { FAILURE_REASONS, isFailureReason, type FailureReason } from '../taxonomy.js';
import { wholeNumber } from '../values.js';
import type { Decision } from './decision.js';

interface LearnedModel {
  version: string;
  tokenizer: { maxChars: number; headChars: number; maxTokens: number };
  minConfidence: number;
  overrideBelow: number;
  /** Least share of the probability on retry-safe reasons for a rule's retry-safe verdict to stand. */
  transientAtLeast: number;
  /** Stored weights are integers; the weight is the integer times this scale. */
  weightScale: number;
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
}

const model = MODEL as unknown as LearnedModel;

/** Version of the learned model; part of the rule id's provenance in SPEC.md. */
export const LEARNED_MODEL_VERSION: string = model.version;

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isCjk = (c: number): boolean => (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
const isOtherLetter = (c: number): boolean => c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000 && !isCjk(c);
const isWord = (c: number): boolean => isUpper(c) || isLower(c) || isDigit(c) || c === 95 || isOtherLetter(c);

function numberToken(digits: string): string {
  if (digits.length === 3 && digits >= '100' && digits <= '599') return `#${digits}`;
  if (digits.length <= 2) return '#s';
  if (digits.length <= 4) return '#m';
  return '#l';
}

/** Tokens in order, and identifiers of several parts joined whole. */
export function learnedTokens(text: string): { tokens: string[]; wholes: string[] } {
  const { maxChars, headChars, maxTokens } = model.tokenizer;
  const s = text.length > maxChars ? `${text.slice(0, headChars)} ${text.slice(text.length - (maxChars - headChars))}` : text;
  const tokens: string[] = [];
  const wholes: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n && tokens.length < maxTokens) {
    const c = s.charCodeAt(i);
    if (isCjk(c)) {
      tokens.push(s.charAt(i));
      i++;
      continue;
    }
    if (!isWord(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isWord(s.charCodeAt(j))) j++;
    let parts = 0;
    let start = -1;
    let kind = 0;
    const flush = (end: number): void => {
      if (start < 0) return;
      const part = s.slice(start, end);
      if (tokens.length < maxTokens) tokens.push(kind === 2 ? numberToken(part) : part.toLowerCase());
      parts++;
      start = -1;
    };
    for (let k = i; k < j; k++) {
      const d = s.charCodeAt(k);
      if (d === 95) {
        flush(k);
        continue;
      }
      const dk = isDigit(d) ? 2 : 1;
      if (start >= 0) {
        const p = s.charCodeAt(k - 1);
        const camel = isUpper(d) && isLower(p);
        const acronymEnd = isUpper(d) && k + 1 < j && isLower(s.charCodeAt(k + 1)) && isUpper(p);
        if (dk !== kind || camel || acronymEnd) flush(k);
      }
      if (start < 0) {
        start = k;
        kind = dk;
      }
    }
    flush(j);
    if (parts > 1 && j - i <= 64) wholes.push(s.slice(i, j).toLowerCase());
    i = j;
  }
  return { tokens, wholes };
}

/** Structured facts the model reads besides the text. */
export interface LearnedFacts {
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
}

/** The model's answer: the best class and its probability, and every class's probability. */
export interface LearnedScore {
  reason: FailureReason;
  confidence: number;
  /** Probability of each class the model knows (a reason it never saw in training is absent: 0). */
  probabilities: Readonly<Record<string, number>>;
}

/** Scores one text (the run's texts joined by newlines) and its facts. */
export function learnedScore(text: string, facts: LearnedFacts = {}): LearnedScore {
  const { tokens, wholes } = learnedTokens(text);
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    seen.add(tokens[i]!);
    if (i > 0) seen.add(`${tokens[i - 1]!} ${tokens[i]!}`);
  }
  for (const w of wholes) seen.add(`=${w}`);
  if (facts.httpStatus !== undefined) seen.add(`@http ${facts.httpStatus}`);
  if (facts.exitCode !== undefined) seen.add(`@exit ${facts.exitCode}`);
  if (facts.signal !== undefined) seen.add(`@signal ${facts.signal.toLowerCase()}`);
  const K = model.classes.length;
  const s = model.bias.slice();
  for (const f of seen) {
    const w = Object.prototype.hasOwnProperty.call(model.weights, f) ? model.weights[f] : undefined;
    if (w === undefined) continue;
    for (let x = 0; x + 1 < w.length; x += 2) s[w[x]!]! += w[x + 1]! * model.weightScale;
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (s[k]! > max) max = s[k]!;
  let z = 0;
  let best = 0;
  for (let k = 0; k < K; k++) {
    s[k] = Math.exp(s[k]! - max);
    z += s[k]!;
    if (s[k]! > s[best]!) best = k;
  }
  const name = model.classes[best]!;
  const probabilities: Record<string, number> = {};
  for (let k = 0; k < K; k++) probabilities[model.classes[k]!] = s[k]! / z;
  return { reason: isFailureReason(name) ? name : 'unknown', confidence: s[best]! / z, probabilities };
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
// excerpt reaches), never on the whole text: long tails full of tool traffic are not the
// short texts the model learned from (scored on whole tails, overrides broke 8 of the 41
// recorded CLI runs; on the excerpt, none).
const mayOverride = (d: Decision): boolean =>
  d.evidence === 'text' && d.excerpt !== undefined && d.excerpt.length > 0 && !d.rule.startsWith('custom.') && !d.rule.startsWith('cue.');

// The verdict keeps the excerpt of the step it replaces (the line the model read, or the weak
// step's match): failure.detail still shows where the evidence is.
function learnedDecision(reason: FailureReason, replaced: Decision): Decision {
  const d: Decision = { reason, rule: `learned.${reason}`, evidence: 'text', retrySafe: false };
  if (replaced.excerpt !== undefined) d.excerpt = replaced.excerpt;
  return d;
}

/**
 * The learned step after the ladder. Where the rules found nothing (rule `none`) the model's
 * reason is taken; where a weak step decided (a cue word or a generic-tier rule), the model's
 * reason replaces it when its confidence reaches `minConfidence`. Where a specific built-in text
 * rule decided, the model reads that rule's excerpt and replaces the verdict only when it is
 * that confident of another reason and gives the rule's reason less than `overrideBelow`.
 * Host facts, a preset reason, a user rule (`custom.*`) and a verdict read from the close
 * reason are left alone. Never retry-safe; the model's `unknown` changes nothing.
 */
export function learnedStep(decision: Decision, ev: FailureEvidence, texts: readonly string[]): Decision {
  if (texts.length === 0) return decision;
  if (mayChange(decision)) {
    const { reason, confidence } = learnedScore(texts.join('\n'), factsOf(ev));
    if (reason === 'unknown') return decision;
    if (decision.rule === 'none' || confidence >= model.minConfidence) return learnedDecision(reason, decision);
    return decision;
  }
  if (!mayOverride(decision)) return decision;
  const { reason, confidence, probabilities } = learnedScore(decision.excerpt!);
  if (reason === 'unknown' || reason === decision.reason || confidence < model.minConfidence) return decision;
  return (probabilities[decision.reason] ?? 0) < model.overrideBelow ? learnedDecision(reason, decision) : decision;
}

const RETRY_SAFE_REASONS: ReadonlySet<string> = new Set(FAILURE_REASONS.filter((r) => r.retrySafe).map((r) => r.reason));

function transientShare(score: LearnedScore): number {
  let share = 0;
  for (const [reason, p] of Object.entries(score.probabilities)) if (RETRY_SAFE_REASONS.has(reason)) share += p;
  return share;
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

/**
 * A second reading before a text rule's verdict is called retry-safe: the model must give the
 * retry-safe reasons together at least `transientAtLeast`, reading the whole text or the
 * excerpt the rule matched (long tails full of tool traffic are read by their excerpt). A
 * wording that only looks transient ("timed out" in a tool's log, "connection closed" of an
 * MCP server) keeps its reason but is not called safe to repeat. Only text verdicts are
 * read again: structured facts (an HTTP status, a close reason with no text) stand.
 */
export function learnedConfirmsTransient(decision: Decision, ev: FailureEvidence, texts: readonly string[]): boolean {
  if (decision.evidence !== 'text' || texts.length === 0) return true;
  const needed = model.transientAtLeast;
  if (transientShare(learnedScore(texts.join('\n'), factsOf(ev))) >= needed) return true;
  return decision.excerpt !== undefined && decision.excerpt.length > 0 && transientShare(learnedScore(decision.excerpt)) >= needed;
}
