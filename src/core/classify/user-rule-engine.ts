/** Runs the user's rules: structured conditions, a substring, or a regex tried line by line. */
import type { CloseReason } from '../close-reason.js';
import type { FailureEvidence } from '../evidence.js';
import { excerptAround } from '../redact.js';
import type { CustomRule } from '../rules/user-rules.js';
import type { Decision } from './decision.js';
import type { Texts } from './text-views.js';

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

export function runCustomRule(
  rule: CustomRule,
  ev: FailureEvidence,
  texts: Texts,
  closeReason: CloseReason | undefined,
  radius: number,
): Decision | undefined {
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
