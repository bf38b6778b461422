/**
 * Runs the user's rules: structured conditions, a substring (on every text), or a regex (on
 * RE2, over a bounded window of the texts, only when its mandatory literal occurs there).
 * The regex work of one classification is capped: past the budget, further regex conditions
 * do not match and the classifier reports it once.
 */
import type { CloseReason } from '../close-reason.js';
import type { FailureEvidence } from '../evidence.js';
import { excerptAround } from '../redact.js';
import type { CustomRule } from '../rules/user-rules.js';
import { boundText } from '../text.js';
import type { Decision } from './decision.js';
import type { Texts } from './text-views.js';

/** Characters of each text group a user regex sees: the head of the host's texts, the tails of stderr and stdout. */
export const USER_REGEX_WINDOW_PER_GROUP = 2048;
/** Characters all user regexes of one classification may scan together. */
export const USER_REGEX_BUDGET = 8 * 1024;

type UserRegexState = NonNullable<Texts['userRegex']>;

function stateFor(texts: Texts): UserRegexState {
  if (texts.userRegex === undefined) {
    const parts = texts.groups.map((g) => boundText(g.raw, USER_REGEX_WINDOW_PER_GROUP, g === texts.host ? 'head' : 'tail'));
    texts.userRegex = { window: parts.join('\n'), budget: USER_REGEX_BUDGET, exhausted: false };
  }
  return texts.userRegex;
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
  let excerpt: string | undefined;
  if (m.substring !== undefined) {
    const start = (texts.rawLower ??= texts.raw.toLowerCase()).indexOf(m.substring);
    if (start === -1) return undefined;
    excerpt = excerptAround(texts.raw, start, start + m.substring.length, radius);
  }
  if (m.regex !== undefined) {
    const state = stateFor(texts);
    const re = m.regex;
    if (re.literal !== undefined) {
      const haystack = re.caseInsensitive ? (state.windowLower ??= state.window.toLowerCase()) : state.window;
      if (!haystack.includes(re.literal)) return undefined;
    }
    if (state.budget < state.window.length) {
      state.exhausted = true;
      return undefined;
    }
    state.budget -= state.window.length;
    const found = re.find(state.window);
    if (found === undefined) return undefined;
    excerpt = excerptAround(state.window, found[0], found[1], radius);
  }
  const decision: Decision = { reason: rule.reason, rule: rule.id, evidence: excerpt !== undefined ? 'text' : 'structured' };
  if (excerpt !== undefined) decision.excerpt = excerpt;
  if (rule.retrySafe !== undefined) decision.retrySafe = rule.retrySafe;
  if (rule.resumeSafe !== undefined) decision.resumeSafe = rule.resumeSafe;
  return decision;
}
