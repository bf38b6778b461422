/**
 * The structured layer: identifiers that providers, SDKs, protocols and operating systems
 * define (an exception class name, an error envelope's type or code, an errno), read in the
 * text before loose wordings. One keyword pass finds them all; the last one in a text decides
 * (earlier ones are attempts that were retried), and its (locus, phenomenon) maps to a reason
 * through the rule data's outcome table.
 */
import { IDENTIFIERS } from '../rules/rule-data.js';
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import type { Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import { excerptFor } from './rule-engine.js';
import type { TextView } from './text-views.js';

let scanner: KeywordScanner | undefined;

/** Built on first use: importing the package costs nothing. */
function identifierScanner(): KeywordScanner {
  return (scanner ??= buildKeywordScanner(IDENTIFIERS.map((i) => i.id)));
}

const isWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || (code >= 65 && code <= 90);

/** The decision of the last identifier standing as a whole token in the text, if any. */
export function identifierDecision(texts: TextView, radius: number): Decision | undefined {
  const { lower } = texts;
  const ids = identifierScanner();
  let best = -1;
  let bestStart = -1;
  ids.forEach(lower, (id, start) => {
    const end = start + (IDENTIFIERS[id] as { id: string }).id.length;
    if (start <= bestStart) return;
    if (start > 0 && isWordChar(lower.charCodeAt(start - 1))) return;
    if (end < lower.length && isWordChar(lower.charCodeAt(end))) return;
    best = id;
    bestStart = start;
  });
  if (best === -1) return undefined;
  const identifier = IDENTIFIERS[best]!;
  const end = bestStart + identifier.id.length;
  const outcome = decideOutcome(texts, identifier.phenomenon, identifier.locus, bestStart, end);
  if (outcome === undefined) return undefined;
  return {
    reason: outcome.reason,
    rule: outcome.locus === undefined ? `id.${identifier.list}` : `id.${identifier.list}@${outcome.locus}`,
    evidence: 'text',
    excerpt: excerptFor(texts, bestStart, end, radius),
  };
}
