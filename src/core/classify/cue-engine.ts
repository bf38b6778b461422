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

interface Cue {
  word: string;
  phenomenon: string;
}

let compiled: { scanner: KeywordScanner; cues: Cue[] } | undefined;

function compiledCues(): NonNullable<typeof compiled> {
  if (compiled === undefined) {
    const cues = Object.entries(RULES.cues.byPhenomenon).flatMap(([phenomenon, words]) => words.map((word) => ({ word, phenomenon })));
    compiled = { scanner: buildKeywordScanner(cues.map((c) => c.word)), cues };
  }
  return compiled;
}

const isAlphanumeric = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/** The decision of the last cue in the text, if any. */
export function cueDecision(texts: TextView, radius: number): Decision | undefined {
  const { scanner, cues } = compiledCues();
  const { lower } = texts;
  let best: Cue | undefined;
  let bestStart = -1;
  scanner.forEach(lower, (id, start) => {
    if (start < bestStart) return;
    // A cue starts a word: "exception" in "ThrottlingException" is the identifier's, not a cue.
    if (start > 0 && isAlphanumeric(lower.charCodeAt(start - 1))) return;
    const cue = cues[id]!;
    // At the same position the longer cue is the more specific one.
    if (start === bestStart && best !== undefined && best.word.length >= cue.word.length) return;
    best = cue;
    bestStart = start;
  });
  if (best === undefined) return undefined;
  const cue: Cue = best;
  const end = bestStart + cue.word.length;
  const outcome = decideOutcome(texts, cue.phenomenon, undefined, bestStart, end);
  if (outcome === undefined) return undefined;
  return {
    reason: outcome.reason,
    rule: outcome.locus === undefined ? `cue.${cue.phenomenon}` : `cue.${cue.phenomenon}@${outcome.locus}`,
    evidence: 'text',
    excerpt: excerptFor(texts, bestStart, end, radius),
    retrySafe: false,
  };
}
