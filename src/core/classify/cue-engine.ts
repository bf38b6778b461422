/**
 * The last resort before a run is left unknown: the cue words of each phenomenon (rules.json
 * `cues`). A text no rule or identifier explains usually still says what kind of thing went
 * wrong; the cue that occurs last (the final failure) decides through the same locus and
 * outcome table as the rules, and is never called retry-safe.
 */
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { RULES } from '../rules/rule-data.js';
import type { Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import { excerptFor } from './rule-engine.js';
import type { TextView } from './text-views.js';

let compiled: { scanner: KeywordScanner; phenomenonOf: Map<string, string> } | undefined;

/** Built on first use: importing the package costs nothing. */
function compiledCues(): NonNullable<typeof compiled> {
  if (compiled === undefined) {
    const phenomenonOf = new Map(Object.entries(RULES.cues.byPhenomenon).flatMap(([p, words]) => words.map((w) => [w, p] as const)));
    compiled = { scanner: buildKeywordScanner([...phenomenonOf.keys()]), phenomenonOf };
  }
  return compiled;
}

/** The decision of the last cue in the text, if any. */
export function cueDecision(texts: TextView, radius: number): Decision | undefined {
  const { scanner, phenomenonOf } = compiledCues();
  // A cue starts a token ("exception" in "ThrottlingException" is the identifier's) but may be
  // a stem ("throttl").
  const found = scanner.last(texts.lower, false);
  if (found === undefined) return undefined;
  const phenomenon = phenomenonOf.get(found.keyword)!;
  const outcome = decideOutcome(texts, `cue.${phenomenon}`, phenomenon, undefined, found.start, found.end);
  return outcome && { ...outcome, evidence: 'text', excerpt: excerptFor(texts, found.start, found.end, radius), retrySafe: false };
}
