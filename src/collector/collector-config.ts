/**
 * The Collector mode: an OpenTelemetry Collector `transform` processor configuration compiled
 * from the same rule data (rules/rules.json, rules/identifiers.json) and tables the in-process
 * classifier runs, so a gateway tier stamps the same buckets for hosts in any language.
 *
 * The statements follow the decision ladder of rules/SPEC.md step by step. Scratch values live
 * in `span.cache` (reset for every span); what the span's events say is first copied to
 * temporary `agent_failure.c.*` span attributes (removed at the end), because a `spanevent`
 * statement group cannot share a cache with the `span` group. Every regex runs only after a
 * literal of its rule is found (`Index`), on a text bounded as the processor bounds it.
 *
 * What the Collector cannot do is listed in README ("At fleet scale") and in
 * `COLLECTOR_LIMITS` below; the parity end-to-end test measures the rest.
 */
import { CLASSIFIER_VERSION } from '../core/classify/classifier.js';
import { RETRY_MARKER } from '../core/classify/text-views.js';
import { CLOSE_REASON_SYNONYMS } from '../core/close-reason.js';
import { IDENTIFIERS, RULES, type TextRuleData } from '../core/rules/rule-data.js';
import { FAILURE_REASONS, GENERIC_FAILURE_REASONS, type FailureReason } from '../core/taxonomy.js';
import { HTTP_CONTEXT_BEFORE, HTTP_REASON_PHRASES, NOT_A_STATUS_AFTER } from '../core/http-status.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../core/text.js';
import {
  ATTR_ERROR_MESSAGE,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_FAILURE_CATEGORY,
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_EVIDENCE,
  ATTR_FAILURE_REASON,
  ATTR_FAILURE_RULE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_PROCESS_EXIT_CODE,
  ATTR_RETRY_RESUME_SAFE,
  ATTR_RETRY_SAFE,
  ATTR_TOOL_READ_ONLY,
  EXCEPTION_EVENT,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_INVOKE_AGENT,
  RUNTIME_CLOSE_ATTR_CANCELLED,
  RUNTIME_CLOSE_ATTR_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_EXIT_CODE,
  RUNTIME_CLOSE_ATTR_MESSAGE,
  RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_SIGNAL,
  RUNTIME_CLOSE_ATTR_STDERR_TAIL,
  RUNTIME_CLOSE_ATTR_STDOUT_TAIL,
  RUNTIME_CLOSE_ATTR_TIMED_OUT,
  RUNTIME_CLOSE_EVENT,
  TOOL_EVENT_NAMES,
} from '../otel/attributes.js';
import { and, attr, cache, containsAny, envRef, or, regexLiteral, stmt, str, toYaml, type Yaml } from './ottl.js';

export interface CollectorConfigOptions {
  /**
   * `fragment`: the `transform` processor (and the `count` connector) to merge into an
   * existing configuration; `pipeline`: a complete, runnable Collector configuration (OTLP in,
   * OTLP/HTTP out to a backend, failure counts as a metric).
   */
  output?: 'fragment' | 'pipeline';
  /**
   * `span` (default): `retry.safe` from the run span's own evidence, as the processor decides it
   * without the tool spans of the trace; `never`: always false, for fleets whose tools are
   * child spans the Collector cannot see.
   */
  retrySafe?: 'span' | 'never';
}

/** What the Collector tier cannot do that the processor does. */
export const COLLECTOR_LIMITS: readonly string[] = Object.freeze([
  'tool spans elsewhere in the trace are not seen (a Collector sees spans one by one): only tool events on the run span count against retry.safe; use --retry-safe never when tools are child spans',
  'no user rules (AGENT_FAILURE_RULES_FILE), no span-name matching, no silent-failure detection from an output attribute, no learned fallback (learnedFallback)',
  'failure.detail and failure.retry_after_ms are not stamped (no redaction engine in OTTL)',
  'a rule whose first two matches its `unless` discards, or an HTTP status stated in text whose first candidate is not one, decides nothing (the processor tries up to 16)',
]);

/** Temporary span attributes the event groups write for the span group; removed at the end. */
const TMP = 'agent_failure.c.';
const CLOSE = `${TMP}close.`;
const PROCESSOR = 'transform/agent_failure';
const CONNECTOR = 'count/agent_failure';

/** The processor's text bounds: fields keep their head, tails their end. */
const MAX_TEXT = DEFAULT_MAX_TEXT_LENGTH;
const MAX_HOST_TEXT = 4 * MAX_TEXT;
/** How far the locus window reaches on either side of a match, in characters and in lines before it (rules/SPEC.md, step 7). */
const LOCUS_REACH = 240;
const LOCUS_LINES_BEFORE = 3;
/** Failure words, from the last, the locus last resort reads around (cue-engine.ts). */
const MAX_FAILED_CUES = 8;

// The RE2 form of src/core/text.ts's escape-sequence pattern (its JS form uses \u escapes).
const ANSI_ESCAPE = '\\x1b(?:\\[[0-?]{0,32}[ -/]{0,8}[@-~]|\\][^\\x07\\x1b]{0,512}(?:\\x07|\\x1b\\\\)|[@-Z\\\\-_])';
const RETRY_LINE = `(?:${RETRY_MARKER.source})`;

// HTTP status codes stated in text (src/core/http-status.ts), only 4xx/5xx, in its order; each
// with the literals one of which any match holds (the prefilter).
const REASON_PHRASES = HTTP_REASON_PHRASES.split('|');
const CONTEXT_WORDS = ['http', 'status', 'error', 'api error', 'apierror', 'code', 'response', 'returned', 'received', 'got'];
// The processor's patterns (src/core/http-status.ts). ExtractPatterns gives the first match
// only, so the regexes themselves skip what cannot be a status: a number glued to a word, or
// followed by a newline's next line.
const HTTP_IN_TEXT: readonly { re: string; any: readonly string[] }[] = [
  {
    re: '"(?:status|status_?code|statuscode|http_?code|http_?status|api_error_status|code)"\\s{0,3}:\\s{0,3}"?(?P<s>[45][0-9]{2})(?:[^0-9.]|$)',
    any: ['"status', '"code', '"http', '"api_error_status'],
  },
  { re: `(?:^|[^0-9.])(?P<s>[45][0-9]{2}) (?:${HTTP_REASON_PHRASES})`, any: REASON_PHRASES.map((p) => ` ${p}`) },
  {
    re: `(?P<x>(?:exit|exited|signal|signaled)(?: with)?)?(?:^|[^a-z0-9_])(?:${HTTP_CONTEXT_BEFORE})(?: of)?["'\\s:=#(\\[]{0,4}(?P<s>[45][0-9]{2})(?:(?P<a>[^0-9.a-z_\\n][^\\n]{0,23})|\\n|$)`,
    any: CONTEXT_WORDS,
  },
];

// ---- the outcome table ----------------------------------------------------------------------

function outcomeFor(phenomenon: string, locus: string | undefined): FailureReason | undefined {
  const byLocus = locus === undefined ? undefined : RULES.outcomes.byLocus[locus];
  return byLocus?.[phenomenon] ?? byLocus?.['*'] ?? RULES.outcomes.byPhenomenon[phenomenon];
}

const LOCI = [...new Set(RULES.loci.map((l) => l.locus))];

/**
 * The outcome table as one JSON object, looked up by key in OTTL: `<phenomenon>` is what the
 * phenomenon alone implies, `<phenomenon>|<locus>` what it means at a locus. Parsed once per
 * failed run.
 */
function outcomeTable(): string {
  const phenomena = new Set<string>([
    ...Object.keys(RULES.outcomes.byPhenomenon),
    ...RULES.textRules.map((r) => r.phenomenon),
    ...IDENTIFIERS.map((i) => i.phenomenon),
    ...Object.keys(RULES.cues.byPhenomenon),
    'failed',
  ]);
  const loci = new Set<string>([...LOCI, ...Object.keys(RULES.outcomes.byLocus)]);
  const table: Record<string, string> = {};
  for (const ph of phenomena) {
    const alone = outcomeFor(ph, undefined);
    if (alone !== undefined) table[ph] = alone;
    for (const locus of loci) {
      const reason = outcomeFor(ph, locus);
      if (reason !== undefined) table[`${ph}|${locus}`] = reason;
    }
  }
  return JSON.stringify(table);
}

/** Cache keys of one candidate, cleared after it is resolved. */
const CANDIDATE_KEYS = ['ph', 'fl', 'l', 'w', 'base', 'm', 'rl', 'ra', 'rn', 'u'];

/**
 * Turns a candidate (cache `ph` phenomenon, `fl` its own locus, `base` the rule name, `w` the
 * window around the match) into a reason: the locus read in the window, then the outcome
 * table. A candidate the table cannot map is dropped and the ladder goes on. Every condition
 * starts with `ph != nil`: without a candidate, each statement costs one lookup.
 */
function resolveCandidate(): string[] {
  const ph = `${cache('ph')} != nil`;
  const s: string[] = [];
  for (const l of RULES.loci) {
    s.push(
      stmt(
        `set(${cache('l')}, ${str(l.locus)})`,
        and(
          ph,
          `${cache('fl')} == nil`,
          `${cache('l')} == nil`,
          `${cache('w')} != nil`,
          containsAny(cache('w'), l.any),
          `IsMatch(${cache('w')}, ${str(l.re)})`,
        ),
      ),
    );
  }
  s.push(stmt(`set(${cache('l')}, ${cache('fl')})`, and(ph, `${cache('fl')} != nil`)));
  s.push(stmt(`set(${cache('rl')}, ${cache('T')}[Concat([${cache('ph')}, ${cache('l')}], "|")])`, and(ph, `${cache('l')} != nil`)));
  s.push(stmt(`set(${cache('ra')}, ${cache('T')}[${cache('ph')}])`, ph));
  // A locus read around the match that changes the reason: `failure.rule` names both decisions.
  const changed = and(ph, `${cache('fl')} == nil`, `${cache('rl')} != nil`, `${cache('rl')} != ${cache('ra')}`);
  s.push(
    stmt(`set(${cache('rule')}, Concat([${cache('base')}, ${cache('l')}], "@"))`, changed),
    stmt(`set(${cache('rn')}, ${cache('rl')})`, changed),
  );
  // A rule's own locus decides alone; where the table has nothing for it, the rule decides nothing.
  const fixed = and(ph, `${cache('fl')} != nil`, `${cache('rl')} != nil`);
  s.push(stmt(`set(${cache('rule')}, ${cache('base')})`, fixed), stmt(`set(${cache('rn')}, ${cache('rl')})`, fixed));
  const alone = and(ph, `${cache('fl')} == nil`, `${cache('rn')} == nil`, `${cache('ra')} != nil`);
  s.push(stmt(`set(${cache('rule')}, ${cache('base')})`, alone), stmt(`set(${cache('rn')}, ${cache('ra')})`, alone));
  s.push(stmt(`set(${cache('ev')}, "text")`, and(`${cache('rn')} != nil`, `${cache('r')} == nil`)));
  s.push(stmt(`set(${cache('r')}, ${cache('rn')})`, and(`${cache('rn')} != nil`, `${cache('r')} == nil`)));
  s.push(`delete_matching_keys(span.cache, ${str(`^(?:${CANDIDATE_KEYS.join('|')})$`)})`);
  return s;
}

/**
 * Cache `w`, the locus window: the end of what precedes the match (its line and the line
 * before), the match, the start of what follows on its line, each side bounded. Bounded by a
 * pattern, not by `Len`/`Substring`: those count bytes, and the reach is in characters (a line
 * of CJK text would otherwise lose two thirds of its reach).
 */
function windowFrom(before: string, match: string, after: string, condition: string): string[] {
  return [
    stmt(`set(${cache('wb')}, ExtractPatterns(${before}, ${str(`(?s)(?P<t>.{0,${LOCUS_REACH}})$`)})["t"])`, condition),
    stmt(`set(${cache('wa')}, ExtractPatterns(${after}, ${str(`(?s)^(?P<t>.{0,${LOCUS_REACH}})`)})["t"])`, condition),
    stmt(`set(${cache('w')}, Concat([${cache('wb')}, ${match}, ${cache('wa')}], ""))`, condition),
    `delete_key(span.cache, "wb")`,
    `delete_key(span.cache, "wa")`,
  ];
}

// ---- text rules -------------------------------------------------------------------------------

function ruleRegex(rule: TextRuleData): string {
  return `${rule.flags?.includes('m') ? '(?m)' : ''}${rule.flags?.includes('s') ? '(?s)' : ''}${rule.re ?? regexLiteral(rule.any[0] ?? '')}`;
}

/**
 * A rule matches `text`: a keyword, no veto, the pattern, and one of its first two matches
 * not discarded by `unless` (the processor tries up to 16). For a rule with `unless`, the
 * statements `unlessMatches` wrote come first.
 */
function ruleMatches(rule: TextRuleData, text: string): string {
  const re = rule.re ? ruleRegex(rule) : undefined;
  const u = (k: string): string => `${cache('u')}[${str(k)}]`;
  return and(
    containsAny(text, rule.any),
    rule.none ? `not ${containsAny(text, rule.none)}` : undefined,
    re ? `IsMatch(${text}, ${str(re)})` : undefined,
    rule.unless
      ? `(not IsMatch(${u('m')}, ${str(rule.unless)}) or (${u('n')} != "" and not IsMatch(${u('n')}, ${str(rule.unless)})))`
      : undefined,
  );
}

/** Cache `u`: the first two matches of a rule with `unless` (`m`, and `n` or "" when there is none). */
function unlessMatches(rule: TextRuleData, text: string, condition: string): string[] {
  if (!rule.re || !rule.unless) return [];
  const re = ruleRegex(rule);
  return [
    stmt(
      `set(${cache('u')}, ExtractPatterns(${text}, ${str(`(?P<m>${re})(?:[\\s\\S]*?(?P<n>${re}))?`)}))`,
      and(condition, containsAny(text, rule.any)),
    ),
  ];
}

/**
 * The first rule of `rules`, in table order, that matches the text in cache `key`; its
 * window (the match's line and the line before) for the locus; then the outcome.
 */
function rulePass(rules: readonly TextRuleData[], key: string): string[] {
  const text = cache(key);
  const open = and(`${cache('r')} == nil`, `${text} != nil`);
  const s: string[] = [];
  for (const rule of rules) {
    const free = and(open, `${cache('base')} == nil`);
    s.push(...unlessMatches(rule, text, free));
    s.push(stmt(`set(${cache('base')}, ${str(rule.id)})`, and(free, ruleMatches(rule, text))));
  }
  for (const rule of rules) {
    // The rule's name first: for every rule but the candidate, one lookup.
    const mine = and(`${cache('base')} == ${str(rule.id)}`, `${cache('r')} == nil`);
    s.push(stmt(`set(${cache('ph')}, ${str(rule.phenomenon)})`, mine));
    if (rule.locus !== undefined) {
      s.push(stmt(`set(${cache('fl')}, ${str(rule.locus)})`, mine));
    } else {
      // Lazy, so the first match is taken, with up to three lines before it in `p`.
      const window = `(?P<p>(?:[^\\n]*\\n){0,${LOCUS_LINES_BEFORE}}?[^\\n]*?)(?P<m>${ruleRegex(rule)})(?P<a>[^\\n]*)`;
      s.push(stmt(`set(${cache('m')}, ExtractPatterns(${text}, ${str(window)}))`, mine));
    }
  }
  const found = and(`${cache('m')} != nil`, `${cache('m')}["m"] != nil`);
  s.push(...windowFrom(`${cache('m')}["p"]`, `${cache('m')}["m"]`, `${cache('m')}["a"]`, found));
  s.push(...resolveCandidate());
  return s;
}

// ---- identifiers and cues: the last one in the text decides ----------------------------------

/**
 * The last whole-token (or, for cues, token-starting) occurrence of one of the groups' words in
 * the text in cache `key`, its window, and the phenomenon, own locus and rule name of its word
 * (looked up in `table`, a JSON object parsed into cache `tableKey` the first time it is needed).
 */
function lastWordPass(
  key: string,
  groups: readonly WordGroup[],
  table: { key: string; json: string },
  wholeToken: boolean,
  extra: string | undefined,
): string[] {
  const text = cache(key);
  const open = and(`${cache('r')} == nil`, `${text} != nil`, extra);
  // Go's regexp is an automaton without a literal prefilter: an alternation of hundreds of
  // words costs milliseconds per KiB. So the words of each group are looked up with Index
  // first, and the pattern is built from the groups present (usually none or one).
  const s: string[] = [stmt(`set(${cache('alt')}, "")`, open)];
  for (const g of groups) {
    const words = [...g.words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    s.push(
      stmt(
        `set(${cache('alt')}, Concat([${cache('alt')}, ${str(words.map(regexLiteral).join('|'))}], "|"))`,
        and(`${cache('alt')} != nil`, containsAny(text, words)),
      ),
    );
  }
  // The greedy prefix makes the match the last one (at one position, the longer word: each
  // group lists its longest words first); `a` is the rest of its line.
  const after = wholeToken ? '(?P<a>[^a-z0-9_\\n][^\\n]*|)(?:\\n|$)' : '(?P<a>[^\\n]*)';
  const pattern = `Concat(["(?s)^(?P<p>(?:.*[^a-z0-9_])?)(?P<m>", Substring(${cache('alt')}, 1, Len(${cache('alt')}) - 1), ${str(`)${after}`)}], "")`;
  s.push(stmt(`set(${cache('m')}, ExtractPatterns(${text}, ${pattern}))`, and(`${cache('alt')} != nil`, `${cache('alt')} != ""`)));
  s.push(`delete_key(span.cache, "alt")`);
  const found = and(`${cache('m')} != nil`, `${cache('m')}["m"] != nil`);
  // What precedes, cut to the match's line and the lines before it.
  s.push(
    stmt(
      `set(${cache('wp')}, ExtractPatterns(${cache('m')}["p"], ${str(`(?P<w>(?:[^\\n]*\\n){0,${LOCUS_LINES_BEFORE}}[^\\n]*)$`)})["w"])`,
      found,
    ),
  );
  s.push(...windowFrom(cache('wp'), `${cache('m')}["m"]`, `${cache('m')}["a"]`, found));
  const entry = (field: string): string => `${cache(table.key)}[${cache('m')}["m"]][${str(field)}]`;
  s.push(stmt(`set(${cache(table.key)}, ParseJSON(${str(table.json)}))`, and(found, `${cache(table.key)} == nil`)));
  s.push(stmt(`set(${cache('base')}, ${entry('rule')})`, found));
  s.push(stmt(`set(${cache('fl')}, ${entry('locus')})`, found));
  s.push(stmt(`set(${cache('ph')}, ${entry('phenomenon')})`, found));
  s.push(...resolveCandidate());
  s.push(`delete_key(span.cache, "wp")`);
  return s;
}

interface WordGroup {
  words: string[];
  phenomenon: string;
  locus?: string;
  rule: string;
}

/** The groups' words → their phenomenon, own locus and rule name, as JSON for `lastWordPass`. */
function wordTable(groups: readonly WordGroup[]): string {
  const table: Record<string, { phenomenon: string; locus?: string; rule: string }> = {};
  for (const g of groups) {
    for (const w of g.words) table[w] ??= { phenomenon: g.phenomenon, rule: g.rule, ...(g.locus !== undefined ? { locus: g.locus } : {}) };
  }
  return JSON.stringify(table);
}

function identifierGroups(): WordGroup[] {
  const byKey = new Map<string, WordGroup>();
  for (const i of IDENTIFIERS) {
    const k = `${i.phenomenon}|${i.locus ?? ''}|${i.list}`;
    let g = byKey.get(k);
    if (g === undefined) {
      g = { words: [], phenomenon: i.phenomenon, rule: `id.${i.list}`, ...(i.locus !== undefined ? { locus: i.locus } : {}) };
      byKey.set(k, g);
    }
    g.words.push(i.id);
  }
  return [...byKey.values()];
}

function cueGroups(): WordGroup[] {
  return Object.entries(RULES.cues.byPhenomenon).map(([phenomenon, words]) => ({ words, phenomenon, rule: `cue.${phenomenon}` }));
}

/**
 * The last resort before `unknown` (cue-engine.ts): failure words (`cues.failed`) say only that
 * something failed; from the last one back (at most MAX_FAILED_CUES), the first whose window
 * names a locus that maps `failed` to a reason decides. Cache `fp` is the text still to search.
 */
function failedWordsPass(key: string, extra: string): string[] {
  const text = cache(key);
  const words = [...RULES.cues.failed].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const last = `(?s)^(?P<p>(?:.*[^a-z0-9_])?)(?P<m>${words.map(regexLiteral).join('|')})(?P<a>[^a-z0-9_\\n][^\\n]*|)(?:\\n|$)`;
  const open = and(`${cache('r')} == nil`, extra);
  const s: string[] = [stmt(`set(${cache('fp')}, ${text})`, and(open, `${text} != nil`, containsAny(text, words)))];
  for (let i = 0; i < MAX_FAILED_CUES; i++) {
    const searching = and(`${cache('fp')} != nil`, open);
    s.push(stmt(`set(${cache('m')}, ExtractPatterns(${cache('fp')}, ${str(last)}))`, searching));
    const found = and(searching, `${cache('m')}["m"] != nil`);
    s.push(stmt(`delete_key(span.cache, "fp")`, and(searching, `${cache('m')}["m"] == nil`)));
    s.push(stmt(`set(${cache('fq')}, ${cache('m')}["p"])`, found));
    s.push(
      stmt(
        `set(${cache('wp')}, ExtractPatterns(${cache('m')}["p"], ${str(`(?P<w>(?:[^\\n]*\\n){0,${LOCUS_LINES_BEFORE}}[^\\n]*)$`)})["w"])`,
        found,
      ),
    );
    s.push(...windowFrom(cache('wp'), `${cache('m')}["m"]`, `${cache('m')}["a"]`, found));
    s.push(stmt(`set(${cache('base')}, "cue.failed")`, found), stmt(`set(${cache('ph')}, "failed")`, found));
    s.push(...resolveCandidate());
    // Not decided: search what precedes this word.
    s.push(stmt(`set(${cache('fp')}, ${cache('fq')})`, and(`${cache('fq')} != nil`, open)));
    s.push(`delete_key(span.cache, "fq")`);
  }
  s.push(`delete_key(span.cache, "fp")`, `delete_key(span.cache, "wp")`);
  return s;
}

// ---- the span group -------------------------------------------------------------------------

/** Sets cache `key` to the texts joined by newlines, skipping absent or empty ones. */
function joinTexts(key: string, texts: readonly string[]): string[] {
  const s: string[] = [];
  for (const t of texts) {
    const present = and(`${t} != nil`, `IsString(${t})`, `${t} != ""`);
    s.push(stmt(`set(${cache(key)}, Concat([${cache(key)}, ${t}], "\\n"))`, and(present, `${cache(key)} != nil`)));
    // Only after the append, or the first text would be added twice.
    s.push(stmt(`set(${cache(key)}, ${t})`, and(present, `${cache(key)} == nil`)));
  }
  return s;
}

/** Bounds, strips terminal escapes and lower-cases the text in cache `key`, as the classifier reads it. */
function normalizeText(key: string, max: number, keep: 'head' | 'tail'): string[] {
  const t = cache(key);
  return [
    keep === 'tail'
      ? stmt(`set(${t}, Substring(${t}, Len(${t}) - ${max}, ${max}))`, and(`${t} != nil`, `Len(${t}) > ${max}`))
      : stmt(`set(${t}, Substring(${t}, 0, ${max}))`, and(`${t} != nil`, `Len(${t}) > ${max}`)),
    stmt(`replace_pattern(${t}, ${str(ANSI_ESCAPE)}, "")`, and(`${t} != nil`, `Index(${t}, "\\u001b") >= 0`)),
    stmt(`set(${t}, ToLowerCase(${t}))`, `${t} != nil`),
  ];
}

/** Cache `final`: the part of cache `key` after its last retry line, when one shows and text follows. */
function afterLastRetry(key: string, final: string): string[] {
  const t = cache(key);
  // The greedy `.*` takes the last retry line that a newline ends. When the text's very last
  // line is a retry line too, nothing follows the last one: the captured part still holds a
  // retry marker, and the whole text decides, as in the engine.
  const re = `(?s)^.*${RETRY_LINE}[^\\n]*\\n(?P<f>.*)$`;
  return [
    stmt(
      `set(${cache('rm')}, ExtractPatterns(${t}, ${str(re)}))`,
      and(`${cache('r')} == nil`, `${t} != nil`, `(Index(${t}, "retr") >= 0 or Index(${t}, "attempt") >= 0)`),
    ),
    stmt(
      `set(${cache(final)}, ${cache('rm')}["f"])`,
      and(
        `${cache('rm')} != nil`,
        `${cache('rm')}["f"] != nil`,
        `IsMatch(${cache('rm')}["f"], "\\\\S")`,
        `not IsMatch(${cache('rm')}["f"], ${str(RETRY_LINE)})`,
      ),
    ),
    `delete_key(span.cache, "rm")`,
  ];
}

function decide(statements: string[], reason: string, rule: string, evidence: string, condition: string): void {
  const when = and(`${cache('r')} == nil`, condition);
  statements.push(stmt(`set(${cache('rule')}, ${rule})`, when));
  statements.push(stmt(`set(${cache('ev')}, ${str(evidence)})`, when));
  statements.push(stmt(`set(${cache('r')}, ${reason})`, when));
}

/** HTTP status → reason statements for a status held (as text) in `code`. */
function statusTable(statements: string[], code: string, rule: (code: string) => string, evidence: string, condition: string): void {
  for (const [status, reason] of Object.entries(RULES.httpStatus.reasons)) {
    decide(statements, str(reason), rule(code), evidence, and(condition, `${code} == ${str(status)}`));
  }
  decide(statements, str(RULES.httpStatus.otherServerError), rule(code), evidence, and(condition, `IsMatch(${code}, "^5[0-9][0-9]$")`));
}

function classifyStatements(options: Required<CollectorConfigOptions>): string[] {
  const s: string[] = [];
  const undecided = `${cache('r')} == nil`;
  const closeAttr = (k: string): string => attr(`${CLOSE}${k}`);

  // --- facts: the close reason folded into the vocabulary, the exit code, the signal -----------
  s.push(
    stmt(
      `set(${cache('crk')}, ToLowerCase(Trim(${closeAttr('reason')})))`,
      and(`${closeAttr('reason')} != nil`, `IsString(${closeAttr('reason')})`),
    ),
  );
  s.push(stmt(`replace_pattern(${cache('crk')}, "[\\\\s-]+", "_")`, `${cache('crk')} != nil`));
  const synonyms = new Map<string, string[]>();
  for (const [raw, folded] of CLOSE_REASON_SYNONYMS) synonyms.set(folded, [...(synonyms.get(folded) ?? []), raw]);
  for (const [folded, raws] of synonyms) {
    s.push(stmt(`set(${cache('cr')}, ${str(folded)})`, and(`${cache('crk')} != nil`, or(raws.map((r) => `${cache('crk')} == ${str(r)}`)))));
  }
  s.push(stmt(`set(${cache('cr')}, "unknown")`, and(`${cache('crk')} != nil`, `${cache('crk')} != ""`, `${cache('cr')} == nil`)));
  s.push(
    stmt(
      `set(${cache('cr')}, "unknown")`,
      and(`${closeAttr('reason')} != nil`, `IsString(${closeAttr('reason')})`, `Len(${closeAttr('reason')}) > 40`),
    ),
  );
  s.push(stmt(`set(${cache('exit')}, ${attr(ATTR_PROCESS_EXIT_CODE)})`, `IsInt(${attr(ATTR_PROCESS_EXIT_CODE)})`));
  s.push(stmt(`set(${cache('exit')}, ${closeAttr('exit_code')})`, `IsInt(${closeAttr('exit_code')})`));
  s.push(
    stmt(
      `set(${cache('sig')}, ToUpperCase(Trim(${closeAttr('signal')})))`,
      and(`IsString(${closeAttr('signal')})`, `${closeAttr('signal')} != ""`, `Len(${closeAttr('signal')}) <= 16`),
    ),
  );
  s.push(
    stmt(
      `set(${cache('sig')}, Concat(["SIG", ${cache('sig')}], ""))`,
      and(`${cache('sig')} != nil`, `not HasPrefix(${cache('sig')}, "SIG")`),
    ),
  );

  // --- did the run fail? (span-facts.ts) -------------------------------------------------------
  const failed = (c: string): void => void s.push(stmt(`set(${cache('failed')}, true)`, c));
  failed('span.status.code == STATUS_CODE_ERROR');
  failed(`${attr(`${TMP}exception`)} != nil`);
  failed(`${attr(ATTR_EXCEPTION_TYPE)} != nil or ${attr(ATTR_EXCEPTION_MESSAGE)} != nil`);
  failed(and(`${attr(ATTR_ERROR_TYPE)} != nil`, `IsString(${attr(ATTR_ERROR_TYPE)})`, `${attr(ATTR_ERROR_TYPE)} != ""`));
  failed(and(`IsInt(${attr(ATTR_HTTP_RESPONSE_STATUS_CODE)})`, `${attr(ATTR_HTTP_RESPONSE_STATUS_CODE)} >= 400`));
  failed(`IsString(${attr(ATTR_FAILURE_REASON)})`);
  const cleanReason = or([
    `${cache('cr')} == nil`,
    `${cache('cr')} == "exit_0"`,
    and(`${cache('cr')} == "unknown"`, `${cache('exit')} == 0`),
  ]);
  const clean = and(
    cleanReason,
    or([`${cache('exit')} == nil`, `${cache('exit')} == 0`]),
    `${cache('sig')} == nil`,
    `${closeAttr('timed_out')} != true`,
    `${closeAttr('cancelled')} != true`,
  );
  failed(and(`${closeAttr('seen')} == true`, `not (${clean})`));
  // A run that did not fail is left alone: "~" closes every later step.
  s.push(stmt(`set(${cache('r')}, "~")`, and(undecided, `${cache('failed')} != true`)));
  // The outcome table, once per failed run: every candidate below is resolved through it.
  s.push(stmt(`set(${cache('T')}, ParseJSON(${str(outcomeTable())}))`, undecided));

  // --- a preset the instrumentation set (classifier.ts presetDecision) -------------------------
  const preset = attr(ATTR_FAILURE_REASON);
  s.push(stmt(`set(${cache('pk')}, ToLowerCase(Trim(${preset})))`, and(undecided, `IsString(${preset})`)));
  const generic = or(GENERIC_FAILURE_REASONS.map((g) => `${cache('pk')} == ${str(g)}`));
  const known = or(FAILURE_REASONS.map((r) => `${preset} == ${str(r.reason)}`));
  decide(s, preset, '"preset"', 'preset', and(`${cache('pk')} != nil`, `not ${generic}`, known));
  s.push(stmt(`set(${cache('foreign')}, true)`, and(undecided, `${cache('pk')} != nil`, `not ${generic}`)));
  decide(s, '"unknown"', '"preset.foreign"', 'preset', `${cache('foreign')} == true`);

  // --- the texts, grouped by trust (text-views.ts) ---------------------------------------------
  const exceptionText = `Concat([${attr(ATTR_EXCEPTION_TYPE)}, ": ", ${attr(ATTR_EXCEPTION_MESSAGE)}], "")`;
  s.push(
    stmt(
      `set(${cache('x')}, ${exceptionText})`,
      and(`IsString(${attr(ATTR_EXCEPTION_TYPE)})`, `IsString(${attr(ATTR_EXCEPTION_MESSAGE)})`),
    ),
  );
  s.push(stmt(`set(${cache('x')}, ${attr(ATTR_EXCEPTION_TYPE)})`, and(`${cache('x')} == nil`, `IsString(${attr(ATTR_EXCEPTION_TYPE)})`)));
  s.push(
    stmt(`set(${cache('x')}, ${attr(ATTR_EXCEPTION_MESSAGE)})`, and(`${cache('x')} == nil`, `IsString(${attr(ATTR_EXCEPTION_MESSAGE)})`)),
  );
  s.push(stmt(`set(${cache('x')}, ${attr(`${TMP}exception`)})`, and(`${cache('x')} == nil`, `${attr(`${TMP}exception`)} != nil`)));
  s.push(
    ...joinTexts('h', [
      'span.status.message',
      cache('x'),
      attr(ATTR_ERROR_TYPE),
      attr(ATTR_ERROR_MESSAGE),
      closeAttr('message'),
      attr(`${TMP}exceptions_before`),
    ]),
  );
  s.push(...joinTexts('e', [closeAttr('stderr_tail')]));
  s.push(...joinTexts('o', [closeAttr('stdout_tail')]));
  s.push(...normalizeText('h', MAX_HOST_TEXT, 'head'), ...normalizeText('e', MAX_TEXT, 'tail'), ...normalizeText('o', MAX_TEXT, 'tail'));
  s.push(...afterLastRetry('h', 'hf'), ...afterLastRetry('e', 'ef'));

  // --- 2. host facts ---------------------------------------------------------------------------
  decide(s, '"cancelled"', '"fact.cancelled"', 'structured', `${closeAttr('cancelled')} == true`);
  decide(s, '"cancelled"', '"close.cancel_requested"', 'close_reason', `${cache('cr')} == "cancel_requested"`);
  decide(s, '"run_timeout"', '"fact.host_timeout"', 'structured', `${closeAttr('timed_out')} == true`);
  decide(s, '"run_timeout"', '"close.timeout"', 'close_reason', `${cache('cr')} == "timeout"`);

  // --- 3. a host that says it killed the run on its own clock beats the kill signal ------------
  const signals = RULES.processEnd.signals;
  const exitMeaning = new Map<number, { reason: FailureReason; weight: string }>([
    ...RULES.processEnd.exitCodes.map((e): [number, { reason: FailureReason; weight: string }] => [e.code, e]),
    ...signals.map((x): [number, { reason: FailureReason; weight: string }] => [128 + x.number, x]),
  ]);
  const windowsCrash = and(
    `${cache('exit')} != nil`,
    or([
      and(`${cache('exit')} >= ${0xc0000000}`, `${cache('exit')} <= ${0xcfffffff}`),
      and(`${cache('exit')} <= ${-0x30000000}`, `${cache('exit')} >= ${-0x40000000}`),
    ]),
  );
  const exitIs = (codes: number[]): string => or(codes.map((c) => `${cache('exit')} == ${c}`));
  const crashExits = [...exitMeaning].filter(([, m]) => m.reason === 'process_crash').map(([c]) => c);
  const hostTimeout = RULES.textRules.find((r) => r.id === 'timeout.agent_run');
  if (hostTimeout) {
    for (const key of ['h', 'e', 'o']) {
      decide(
        s,
        '"run_timeout"',
        str(hostTimeout.id),
        'text',
        and(or([`${cache('sig')} != nil`, exitIs(crashExits), windowsCrash]), `${cache(key)} != nil`, ruleMatches(hostTimeout, cache(key))),
      );
    }
  }

  // --- 3b. decisive process facts, except after a fatal RPC close -------------------------------
  const notRpc = `(${cache('cr')} == nil or ${cache('cr')} != "fatal_rpc_error")`;
  for (const x of signals.filter((sig) => sig.weight === 'decisive')) {
    decide(s, str(x.reason), '"fact.crash_signal"', 'structured', and(notRpc, `${cache('sig')} == ${str(x.name)}`));
  }
  const decisiveExits = [...exitMeaning].filter(([, m]) => m.weight === 'decisive');
  for (const [code, m] of decisiveExits)
    decide(s, str(m.reason), '"fact.crash_exit_code"', 'structured', and(notRpc, `${cache('exit')} == ${code}`));
  decide(s, '"process_crash"', '"fact.crash_exit_code"', 'structured', and(notRpc, windowsCrash));

  // --- 4. specific rules, group by group in trust order (host, then stderr), final attempt first
  const specific = RULES.textRules.filter((r) => r.tier === 'specific');
  const generic_ = RULES.textRules.filter((r) => r.tier === 'generic');
  for (const key of ['hf', 'h', 'ef', 'e']) s.push(...rulePass(specific, key));

  // --- 4b. identifiers: the last one standing as a whole token ---------------------------------
  const ids = identifierGroups();
  const idTable = { key: 'IDS', json: wordTable(ids) };
  for (const key of ['h', 'e']) s.push(...lastWordPass(key, ids, idTable, true, undefined));

  // --- 5. a structured HTTP status, the stdout's specific rules, a status stated in text --------
  const http = attr(ATTR_HTTP_RESPONSE_STATUS_CODE);
  s.push(stmt(`set(${cache('hs')}, Concat([${http}], ""))`, and(undecided, `IsInt(${http})`, `${http} >= 400`)));
  statusTable(s, cache('hs'), (c) => `Concat(["http.", ${c}], "")`, 'http_status', `${cache('hs')} != nil`);
  s.push(`delete_key(span.cache, "hs")`);
  s.push(...rulePass(specific, 'o'));
  for (const key of ['h', 'e', 'o']) {
    for (const [i, pattern] of HTTP_IN_TEXT.entries()) {
      const m = cache(`hm${i}`);
      const t = cache(key);
      s.push(
        stmt(
          `set(${m}, ExtractPatterns(${t}, ${str(pattern.re)}))`,
          and(undecided, `${cache('hs')} == nil`, `${t} != nil`, containsAny(t, pattern.any), `IsMatch(${t}, "[45][0-9][0-9]")`),
        ),
      );
      const accepted = and(
        `${m}["s"] != nil`,
        `(${m}["x"] == nil or ${m}["x"] == "")`,
        `(${m}["a"] == nil or not IsMatch(${m}["a"], ${str(NOT_A_STATUS_AFTER)}))`,
      );
      s.push(stmt(`set(${cache('hs')}, ${m}["s"])`, and(undecided, `${cache('hs')} == nil`, accepted)));
    }
  }
  statusTable(s, cache('hs'), (c) => `Concat(["text.http_", ${c}], "")`, 'text', `${cache('hs')} != nil`);

  // --- 6. generic wordings ----------------------------------------------------------------------
  for (const key of ['h', 'e', 'o']) s.push(...rulePass(generic_, key));

  // --- 7. finish reasons the model reported -----------------------------------------------------
  const finish = attr(ATTR_GEN_AI_RESPONSE_FINISH_REASONS);
  for (const [fr, reason] of Object.entries(RULES.finishReasons.reasons)) {
    const listed = or([
      and(`IsList(${finish})`, `ContainsValue(${finish}, ${str(fr)})`),
      and(`IsString(${finish})`, `${finish} == ${str(fr)}`),
    ]);
    decide(s, str(reason), str(`finish_reason.${fr}`), 'structured', listed);
  }

  // --- 8. conventional process facts ------------------------------------------------------------
  for (const [code, m] of exitMeaning) {
    if (m.weight === 'decisive') continue;
    decide(s, str(m.reason), str(`fact.exit_${code}`), 'structured', and(notRpc, `${cache('exit')} == ${code}`));
  }
  for (const x of signals.filter((sig) => sig.weight !== 'decisive')) {
    const rule = x.reason === 'cancelled' ? 'fact.interrupt_signal' : 'fact.signal';
    decide(s, str(x.reason), str(rule), 'structured', and(notRpc, `${cache('exit')} == nil`, `${cache('sig')} == ${str(x.name)}`));
  }

  // --- 9. cue words, the last resort of the text (never retry-safe) -----------------------------
  const cues = cueGroups();
  const cueTable = { key: 'CUES', json: wordTable(cues) };
  const cueAllowed = `(${cache('cr')} == nil or (${cache('cr')} != "fatal_rpc_error" and ${cache('cr')} != "empty_output"))`;
  for (const key of ['h', 'e', 'o']) {
    s.push(...lastWordPass(key, cues, cueTable, false, cueAllowed));
    s.push(...failedWordsPass(key, cueAllowed));
    s.push(
      stmt(`set(${cache('cue')}, true)`, and(`${cache('r')} != nil`, `${cache('cue')} == nil`, `IsMatch(${cache('rule')}, "^cue\\\\.")`)),
    );
  }

  // --- 10. promotion by the close reason --------------------------------------------------------
  for (const cr of ['stream_error', 'exit_nonzero', 'fatal_rpc_error', 'empty_output']) {
    decide(s, str(cr), str(`close.${cr}`), 'close_reason', `${cache('cr')} == ${str(cr)}`);
  }
  decide(s, '"process_crash"', '"close.signal"', 'close_reason', `${cache('cr')} == "signal"`);
  decide(s, '"exit_nonzero"', '"fact.exit_nonzero"', 'structured', and(`${cache('exit')} != nil`, `${cache('exit')} != 0`));
  decide(s, '"process_crash"', '"fact.signal"', 'structured', `${cache('sig')} != nil`);
  decide(s, '"unknown"', '"none"', 'none', 'true');

  // --- the stamp (stamp-attributes.ts) ---------------------------------------------------------
  const stamped = and(`${cache('r')} != nil`, `${cache('r')} != "~"`);
  s.push(stmt(`set(${attr(ATTR_FAILURE_REASON)}, ${cache('r')})`, and(stamped, `${cache('ev')} != "preset"`)));
  s.push(
    stmt(`set(${attr(ATTR_FAILURE_CLOSE_REASON)}, ${cache('cr')})`, and(stamped, `${closeAttr('seen')} == true`, `${cache('cr')} != nil`)),
  );
  for (const info of FAILURE_REASONS) {
    const mine = and(stamped, `${cache('r')} == ${str(info.reason)}`);
    s.push(stmt(`set(${attr(ATTR_FAILURE_CATEGORY)}, ${str(info.category)})`, mine));
    s.push(stmt(`set(${attr(ATTR_RETRY_SAFE)}, ${options.retrySafe === 'never' ? false : info.retrySafe})`, mine));
    s.push(stmt(`set(${attr(ATTR_RETRY_RESUME_SAFE)}, ${info.resumeSafe})`, mine));
  }
  // retry.safe only on positive evidence: a cue, a foreign preset, a tool with side effects, or a
  // promoted close reason with error text nobody explained keep it false.
  const unexplained = and(
    `${cache('ev')} == "close_reason"`,
    or([
      and(`${cache('e')} != nil`, `IsMatch(${cache('e')}, "\\\\S")`),
      and(`${cache('o')} != nil`, `IsMatch(${cache('o')}, "\\\\S")`),
      and(`${cache('h')} != nil`, `IsMatch(${cache('h')}, "\\\\S")`, `not IsMatch(${cache('h')}, ${str(hostGenericOnly())})`),
    ]),
  );
  const notSafe = or([
    `${cache('cue')} == true`,
    `${cache('foreign')} == true`,
    `${attr(`${TMP}side_effects`)} == true`,
    unexplained,
    // A text rule whose phenomenon is a crash (whatever its locus maps it to) is not transient.
    `IsMatch(${cache('rule')}, ${str(crashRulePattern())})`,
    // A text that says the failure is not retryable (rules.json notRetryable).
    ...['h', 'e', 'o'].map((key) => and(`${cache(key)} != nil`, `IsMatch(${cache(key)}, ${str(RULES.notRetryable.re)})`)),
  ]);
  s.push(stmt(`set(${attr(ATTR_RETRY_SAFE)}, false)`, and(stamped, notSafe)));
  s.push(stmt(`set(${attr(ATTR_FAILURE_RULE)}, ${cache('rule')})`, stamped));
  s.push(stmt(`set(${attr(ATTR_FAILURE_EVIDENCE)}, ${cache('ev')})`, stamped));
  s.push(stmt(`set(${attr(ATTR_FAILURE_CLASSIFIER_VERSION)}, ${str(CLASSIFIER_VERSION)})`, stamped));
  s.push(
    stmt(
      `set(${attr(ATTR_ERROR_TYPE)}, ${cache('r')})`,
      and(stamped, `${cache('foreign')} != true`, `(${attr(ATTR_ERROR_TYPE)} == nil or ${attr(ATTR_ERROR_TYPE)} == "")`),
    ),
  );
  return s;
}

/** The stamped rule ids (`<id>` or `<id>@<locus>`) of the built-in text rules whose phenomenon is a crash. */
function crashRulePattern(): string {
  const ids = RULES.textRules.filter((r) => r.phenomenon === 'crash').map((r) => r.id.replace(/[.]/g, '\\.'));
  return `^(?:${ids.join('|')})(?:@|$)`;
}

/**
 * Host texts that only restate the failure: the generic failure words and the neutral close
 * status message (close-reason.ts), one per line.
 */
function hostGenericOnly(): string {
  const words = GENERIC_FAILURE_REASONS.filter((g) => g !== '').map(regexLiteral);
  return `^(?:\\s*(?:${words.join('|')}|agent process closed: [a-z_0-9]+(?: \\([^)]{0,40}\\))?)\\s*\\n?)*$`;
}

/** Copies what the span's events say onto temporary span attributes for the span group. */
function eventGroups(): StatementGroup[] {
  const ev = (k: string): string => `spanevent.attributes[${str(k)}]`;
  const close = (k: string): string => attr(`${CLOSE}${k}`);
  const copy = (target: string, source: string): string => stmt(`set(${target}, ${source})`, `${source} != nil`);
  const exception = attr(`${TMP}exception`);
  const before = attr(`${TMP}exceptions_before`);
  return [
    {
      context: 'spanevent',
      conditions: [`spanevent.name == ${str(RUNTIME_CLOSE_EVENT)}`],
      statements: [
        // The last runtime_close event is the account of the run's end.
        `delete_matching_keys(span.attributes, ${str(`^${regexLiteral(CLOSE)}`)})`,
        `set(${close('seen')}, true)`,
        copy(close('reason'), ev(RUNTIME_CLOSE_ATTR_CLOSE_REASON)),
        copy(close('reason'), ev(RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON)),
        copy(close('exit_code'), ev(ATTR_PROCESS_EXIT_CODE)),
        copy(close('exit_code'), ev(RUNTIME_CLOSE_ATTR_EXIT_CODE)),
        copy(close('signal'), ev(RUNTIME_CLOSE_ATTR_SIGNAL)),
        copy(close('stderr_tail'), ev(RUNTIME_CLOSE_ATTR_STDERR_TAIL)),
        copy(close('stdout_tail'), ev(RUNTIME_CLOSE_ATTR_STDOUT_TAIL)),
        copy(close('message'), ev(RUNTIME_CLOSE_ATTR_MESSAGE)),
        copy(close('message'), ev(ATTR_ERROR_MESSAGE)),
        copy(close('timed_out'), ev(RUNTIME_CLOSE_ATTR_TIMED_OUT)),
        copy(close('cancelled'), ev(RUNTIME_CLOSE_ATTR_CANCELLED)),
      ],
    },
    {
      context: 'spanevent',
      conditions: [`spanevent.name == ${str(EXCEPTION_EVENT)}`],
      statements: [
        // The newest exception is the error; older ones are context.
        stmt(`set(${before}, Concat([${exception}, ${before}], "\\n"))`, and(`${exception} != nil`, `${before} != nil`)),
        stmt(`set(${before}, ${exception})`, and(`${exception} != nil`, `${before} == nil`)),
        stmt(
          `set(${exception}, Concat([${ev(ATTR_EXCEPTION_TYPE)}, ": ", ${ev(ATTR_EXCEPTION_MESSAGE)}], ""))`,
          and(`IsString(${ev(ATTR_EXCEPTION_TYPE)})`, `IsString(${ev(ATTR_EXCEPTION_MESSAGE)})`),
        ),
        stmt(
          `set(${exception}, ${ev(ATTR_EXCEPTION_TYPE)})`,
          and(`IsString(${ev(ATTR_EXCEPTION_TYPE)})`, `not IsString(${ev(ATTR_EXCEPTION_MESSAGE)})`),
        ),
        stmt(
          `set(${exception}, ${ev(ATTR_EXCEPTION_MESSAGE)})`,
          and(`IsString(${ev(ATTR_EXCEPTION_MESSAGE)})`, `not IsString(${ev(ATTR_EXCEPTION_TYPE)})`),
        ),
        stmt(`set(${exception}, "exception")`, `${exception} == nil`),
      ],
    },
    {
      context: 'spanevent',
      conditions: [...TOOL_EVENT_NAMES].map((n) => `spanevent.name == ${str(n)}`),
      statements: [stmt(`set(${attr(`${TMP}side_effects`)}, true)`, `${ev(ATTR_TOOL_READ_ONLY)} != true`)],
    },
  ];
}

/** The run spans the processor classifies: agent invocations and spans with a runtime_close event, not yet stamped. */
const RUN_SPAN = and(
  `${attr(ATTR_FAILURE_CLASSIFIER_VERSION)} == nil`,
  `(${attr(ATTR_GEN_AI_OPERATION_NAME)} == nil or ${attr(ATTR_GEN_AI_OPERATION_NAME)} != ${str(GEN_AI_OPERATION_EXECUTE_TOOL)})`,
  or([`${attr(ATTR_GEN_AI_OPERATION_NAME)} == ${str(GEN_AI_OPERATION_INVOKE_AGENT)}`, `${attr(`${CLOSE}seen`)} == true`]),
);

/** A group of OTTL statements the transform processor runs in one context. */
export type StatementGroup = { context: 'span' | 'spanevent'; conditions?: string[]; statements: string[] };

/** The `transform` processor's configuration. */
export function transformProcessor(options: CollectorConfigOptions = {}): { error_mode: 'ignore'; trace_statements: StatementGroup[] } {
  const resolved: Required<CollectorConfigOptions> = { output: options.output ?? 'fragment', retrySafe: options.retrySafe ?? 'span' };
  return {
    error_mode: 'ignore',
    trace_statements: [
      ...eventGroups(),
      { context: 'span', conditions: [RUN_SPAN], statements: classifyStatements(resolved) },
      { context: 'span', statements: [`delete_matching_keys(span.attributes, ${str(`^${regexLiteral(TMP)}`)})`] },
    ],
  };
}

/** The count connector: `agent.run.failures` by `failure.reason` and `retry.safe`. */
export function failureCountConnector(): Yaml {
  return {
    spans: {
      'agent.run.failures': {
        description: 'Failed agent runs, by failure.reason and retry.safe (otel-agent-failure).',
        conditions: [`${attr(ATTR_FAILURE_REASON)} != nil and ${attr(ATTR_FAILURE_CLASSIFIER_VERSION)} != nil`],
        attributes: [{ key: ATTR_FAILURE_REASON }, { key: ATTR_RETRY_SAFE, default_value: 'unknown' }],
      },
    },
  };
}

/** The configuration, as YAML text. */
export function collectorConfig(options: CollectorConfigOptions = {}): string {
  const output = options.output ?? 'fragment';
  const header = [
    `# Generated by otel-agent-failure collector-config (rule data ${CLASSIFIER_VERSION}); do not edit, regenerate.`,
    '# Stamps failure.reason, failure.close_reason, retry.safe and companions on failed agent-run spans,',
    '# as the otel-agent-failure span processor does. What it cannot do:',
    ...COLLECTOR_LIMITS.map((l) => `#  - ${l}`),
  ];
  const fragment: { [key: string]: Yaml } = {
    processors: { [PROCESSOR]: transformProcessor(options) },
    connectors: { [CONNECTOR]: failureCountConnector() },
  };
  if (output === 'fragment') {
    header.push(
      `# Merge into your configuration: add ${PROCESSOR} to a traces pipeline (before batch), and`,
      `# ${CONNECTOR} as an exporter of that pipeline and a receiver of a metrics pipeline.`,
    );
    return `${header.join('\n')}\n${toYaml(fragment)}\n`;
  }
  header.push(
    '# A complete gateway: OTLP in (gRPC 4317, HTTP 4318), traces out over OTLP/HTTP to',
    '# AGENT_FAILURE_BACKEND_ENDPOINT, agent.run.failures counts out over OTLP/HTTP to',
    '# AGENT_FAILURE_METRICS_ENDPOINT (default: a Prometheus with its OTLP receiver enabled).',
  );
  const pipeline: { [key: string]: Yaml } = {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: envRef('AGENT_FAILURE_OTLP_GRPC_ENDPOINT', '0.0.0.0:4317') },
          http: { endpoint: envRef('AGENT_FAILURE_OTLP_HTTP_ENDPOINT', '0.0.0.0:4318') },
        },
      },
    },
    processors: { ...(fragment.processors as { [key: string]: Yaml }), batch: {} },
    connectors: fragment.connectors as Yaml,
    exporters: {
      'otlp_http/traces': { endpoint: envRef('AGENT_FAILURE_BACKEND_ENDPOINT', 'http://jaeger:4318') },
      'otlp_http/metrics': { endpoint: envRef('AGENT_FAILURE_METRICS_ENDPOINT', 'http://prometheus:9090/api/v1/otlp') },
    },
    service: {
      pipelines: {
        traces: { receivers: ['otlp'], processors: [PROCESSOR, 'batch'], exporters: ['otlp_http/traces', CONNECTOR] },
        metrics: { receivers: [CONNECTOR], processors: ['batch'], exporters: ['otlp_http/metrics'] },
      },
    },
  };
  return `${header.join('\n')}\n${toYaml(pipeline)}\n`;
}
