/**
 * Locus from the span tree: a tool of the run failed, and the run's failure text repeats that
 * tool's error. The text alone may say "401" or "fetch failed"; the tool span says whose.
 */
import type { Decision } from './decision.js';
import type { TextView } from './text-views.js';
import { isGenericFailureReason } from '../taxonomy.js';
import { stripAnsi } from '../text.js';

/** The tool error's first line is compared, at most this long (a longer one is cut). */
const MAX_NEEDLE = 160;
/** Shorter errors ("fetch failed", "Error: 500") are too common to tie the run's text to the tool. */
const MIN_NEEDLE = 16;

/** What of the tool's error is looked for in the run's texts, or undefined when too little. */
function needleOf(toolError: unknown): string | undefined {
  if (typeof toolError !== 'string') return undefined;
  // Only the head is read: a tool may record a megabyte of output as its error.
  const head = stripAnsi(toolError.slice(0, MAX_NEEDLE * 4)).trim();
  const newline = head.indexOf('\n');
  const line = (newline === -1 ? head : head.slice(0, newline)).trim().slice(0, MAX_NEEDLE).toLowerCase();
  if (line.length < MIN_NEEDLE || isGenericFailureReason(line) || !/[a-z]/.test(line)) return undefined;
  return line;
}

/**
 * `tool_error` when a group of the run's texts contains the failed tool's error (its first
 * line, case-insensitively); the excerpt is that text.
 */
export function failedToolDecision(toolError: unknown, groups: readonly TextView[]): Decision | undefined {
  const needle = needleOf(toolError);
  if (needle === undefined) return undefined;
  for (const group of groups) {
    const at = group.lower.indexOf(needle);
    if (at === -1) continue;
    const excerpt = group.clean.length === group.lower.length ? group.clean.slice(at, at + needle.length) : needle;
    return { reason: 'tool_error', rule: 'fact.failed_tool', evidence: 'structured', excerpt };
  }
  return undefined;
}
