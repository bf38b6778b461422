/**
 * HTTP status codes found in error text. A number counts only as a whole three-digit
 * number in an HTTP/API context, so "402913 tokens", "exit status 4030", "took 15290ms"
 * or "v1.5.0" never look like 402, 403, 529 or 500.
 */

// "status 429", "status code: 503", "HTTP 401", "API Error: 529", "Error code: 400",
// "unexpected status 401", "returned 500", "failed with status 502"; never a count
// ("received 500 events", "got 429 messages", "returned 404 results").
const CONTEXT_BEFORE =
  /(?:^|[^a-z0-9_])(?:http\/[0-9.]{1,3}|https?|status(?:[ _]?code)?|statuscode|error(?:[ _]code)?|api error|apierror|code|response|returned|received|got)(?: of)?["'\s:=#(\[]{0,4}([1-5][0-9]{2})(?![0-9.]|[a-z_]|\s?ms\b|\s{1,2}(?:tokens?|bytes?|seconds?|chars?|characters?|events?|messages?|results?|lines?|files?|items?|records?|rows?|entries|entry|spans?|traces?|tests?|tasks?|steps?|times?|users?|documents?|docs?|chunks?|objects?|keys?|changes?|errors?|warnings?|words?|pages?|calls?|retries|attempts?|ms|kb|mb|gb|%)\b(?!:))/g;
// "429 Too Many Requests", "529 Overloaded", "503 Service Unavailable".
const REASON_PHRASE_AFTER =
  /(?:^|[^0-9.])([1-5][0-9]{2}) (?:too many requests|unauthorized|forbidden|payment required|not found|bad request|request timeout|request entity too large|payload too large|internal server error|bad gateway|service unavailable|gateway timeout|overloaded|unprocessable entity)/g;
// JSON bodies: {"status": 429}, {"code": 503}, "statusCode":500, "http_code": "502", and
// Claude Code's result event "api_error_status":529.
const JSON_FIELD =
  /"(?:status|status_?code|statuscode|http_?code|http_?status|api_error_status|code)"\s{0,3}:\s{0,3}"?([1-5][0-9]{2})(?![0-9.])/g;

// "exit status 403", "exit code 500" are process exits, not HTTP.
const EXIT_CONTEXT = /(?:exit|exited|signal)(?:ed)?(?: with)?(?: status| code)?[\s:=]{0,3}$/;

const PATTERNS = [JSON_FIELD, REASON_PHRASE_AFTER, CONTEXT_BEFORE];

function acceptIfHttp(text: string, match: RegExpExecArray): number | undefined {
  if (match[1] === undefined) return undefined;
  const before = text.slice(Math.max(0, match.index - 24), match.index + match[0].length - match[1].length);
  if (EXIT_CONTEXT.test(before)) return undefined;
  const code = Number(match[1]);
  return code >= 100 && code <= 599 ? code : undefined;
}

/**
 * The first HTTP status code stated in `lowerText` (already lower-cased), or undefined.
 * Only 4xx and 5xx answers are returned: the rest is not failure evidence.
 */
export function findHttpStatusInText(lowerText: string): number | undefined {
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    // A handful of candidates is plenty; the cap keeps pathological input linear.
    for (let i = 0; i < 16; i++) {
      const match = pattern.exec(lowerText);
      if (match === null) break;
      const code = acceptIfHttp(lowerText, match);
      if (code !== undefined && code >= 400) return code;
    }
  }
  return undefined;
}
