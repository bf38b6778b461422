/**
 * HTTP status codes found in error text. A number counts only as a whole three-digit
 * number in an HTTP/API context, so "402913 tokens", "exit status 4030", "took 15290ms"
 * or "v1.5.0" never look like 402, 403, 529 or 500.
 */

/** Words that put a number in an HTTP/API context when they come right before it. */
export const HTTP_CONTEXT_BEFORE =
  'http/[0-9.]{1,3}|https?|status(?:[ _]?code)?|statuscode|error(?:[ _]code)?|api error|apierror|code|response|returned|received|got';

/** Reason phrases that make the number before them a status ("429 Too Many Requests"). */
export const HTTP_REASON_PHRASES =
  'too many requests|unauthorized|forbidden|payment required|not found|bad request|request timeout|request entity too large|payload too large|internal server error|bad gateway|service unavailable|gateway timeout|overloaded|unprocessable entity';

/**
 * What follows a number on its line that makes it a count or a duration, not a status
 * ("received 500 events", "got 429 messages", "took 429ms"). Same line only: a status that ends
 * a line is not a count of what the next line starts with. RE2 syntax (the Collector reads it).
 */
export const NOT_A_STATUS_AFTER =
  '^(?:[0-9.a-z_]|[ \\t]?ms\\b|[ \\t]{1,2}(?:tokens?|bytes?|seconds?|chars?|characters?|events?|messages?|results?|lines?|files?|items?|records?|rows?|entries|entry|spans?|traces?|tests?|tasks?|steps?|times?|users?|documents?|docs?|chunks?|objects?|keys?|changes?|errors?|warnings?|words?|pages?|calls?|retries|attempts?|ms|kb|mb|gb|%)\\b(?:[^:]|$))';

// Every pattern is RE2 syntax (no lookaround): a number's own line after it is captured and
// judged by NOT_A_STATUS_AFTER instead of a lookahead.
// "status 429", "status code: 503", "HTTP 401", "API Error: 529", "Error code: 400",
// "unexpected status 401", "returned 500", "failed with status 502"; never a count.
const CONTEXT_BEFORE = new RegExp(
  `(?:^|[^a-z0-9_])(?:${HTTP_CONTEXT_BEFORE})(?: of)?["'\\s:=#(\\[]{0,4}([1-5][0-9]{2})([^\\n]{0,24})`,
  'g',
);
// "429 Too Many Requests", "529 Overloaded", "503 Service Unavailable".
const REASON_PHRASE_AFTER = new RegExp(`(?:^|[^0-9.])([1-5][0-9]{2}) (?:${HTTP_REASON_PHRASES})`, 'g');
// JSON bodies: {"status": 429}, {"code": 503}, "statusCode":500, "http_code": "502", and
// Claude Code's result event "api_error_status":529.
const JSON_FIELD =
  /"(?:status|status_?code|statuscode|http_?code|http_?status|api_error_status|code)"\s{0,3}:\s{0,3}"?([1-5][0-9]{2})([^\n]{0,1})/g;

const NOT_AFTER = new RegExp(NOT_A_STATUS_AFTER);
const NOT_AFTER_JSON = /^[0-9.]/;

// "exit status 403", "exit code 500" are process exits, not HTTP.
const EXIT_CONTEXT = /(?:exit|exited|signal)(?:ed)?(?: with)?(?: status| code)?[\s:=]{0,3}$/;

const PATTERNS: readonly [RegExp, RegExp | undefined][] = [
  [JSON_FIELD, NOT_AFTER_JSON],
  [REASON_PHRASE_AFTER, undefined],
  [CONTEXT_BEFORE, NOT_AFTER],
];

function acceptIfHttp(text: string, match: RegExpExecArray, notAfter: RegExp | undefined): number | undefined {
  if (match[1] === undefined) return undefined;
  const after = match[2] ?? '';
  if (notAfter !== undefined && notAfter.test(after)) return undefined;
  const before = text.slice(Math.max(0, match.index - 24), match.index + match[0].length - after.length - match[1].length);
  if (EXIT_CONTEXT.test(before)) return undefined;
  const code = Number(match[1]);
  return code >= 100 && code <= 599 ? code : undefined;
}

/**
 * The first HTTP status code stated in `lowerText` (already lower-cased), or undefined.
 * Only 4xx and 5xx answers are returned: the rest is not failure evidence.
 */
export function findHttpStatusInText(lowerText: string): number | undefined {
  for (const [pattern, notAfter] of PATTERNS) {
    pattern.lastIndex = 0;
    // A handful of candidates is plenty; the cap keeps pathological input linear.
    for (let i = 0; i < 16; i++) {
      const match = pattern.exec(lowerText);
      if (match === null) break;
      // The next candidate may start inside the text read after this one.
      pattern.lastIndex = match.index + match[0].length - (match[2] ?? '').length;
      const code = acceptIfHttp(lowerText, match, notAfter);
      if (code !== undefined && code >= 400) return code;
    }
  }
  return undefined;
}
