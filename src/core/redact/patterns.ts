/**
 * Every regular expression redaction uses, in one place. Each one stays inside the RE2
 * subset (no lookaround, no backreferences, repetition counts of at most 1000) and has no
 * nested quantifiers, so it runs in linear time on a backtracking engine too; a test
 * compiles each with RE2 to keep it that way. The finer decisions (is this name
 * sensitive, where does this quoted value end, is this token random) are made in code.
 */

/**
 * Control and invisible characters, removed before any matching so a key split by them is
 * seen whole: C0 controls but tab and newline, DEL, C1 controls, soft hyphen, combining
 * grapheme joiner, Arabic letter mark, Hangul fillers, Khmer and Mongolian invisibles,
 * zero-width and directional marks, line and paragraph separators, bidi embeddings, word
 * joiner and invisible operators, BOM, interlinear annotations, tags.
 */
// The class lists single code points to delete one by one; none of them is meant to combine.
export const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** Start of a PEM private key header (the body is found in code). */
export const PEM_HEADER = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY[ A-Z]{0,8}-{0,5}/iy;
/** A PEM footer, from its dashes to its closing dashes. */
export const PEM_FOOTER = /-----END[ A-Z0-9]{0,40}PRIVATE KEY[ A-Z]{0,8}-{0,5}/iy;

/** Start of a URL: scheme and the two slashes, also JSON-escaped (`https:\/\/`). */
export const URL_START = /[A-Za-z][A-Za-z0-9+.-]{0,31}:\\{0,2}\/\\{0,2}\//g;

/** `user:password@host` without a scheme (DSNs, proxy settings). */
export const BARE_USERINFO = /([A-Za-z0-9._-]{1,64}):([^\s:@\/"'<>`]{1,256})@([A-Za-z0-9-]{1,63}\.[A-Za-z0-9.-]{1,253})/g;

/**
 * A `name <sep>` candidate: the character or %XX escape before the name, the name, an
 * optional closing quote (possibly escaped), the separator. Whether the name is sensitive
 * and where its value ends is decided in code.
 */
export const ASSIGNMENT =
  /(^|[^A-Za-z0-9_]|%[0-9A-Fa-f]{2})([A-Za-z_][A-Za-z0-9_.-]{0,63})(\\{0,7}["'`]?)[ \t]{0,8}(:=|=>|=|:|%3[DdAa]|%253[DdAa])/g;

/** A long command-line flag followed by a separate value (`--password value`). */
export const LONG_FLAG = /(^|[\s"'(\[=])--([A-Za-z][A-Za-z0-9-]{0,40})[ \t]{1,8}/g;

/** curl's `-u user:password`. */
export const SHORT_USER_FLAG = /(^|\s)-u[ \t]{0,8}([^\s:"']{1,64}):([^\s"']{1,256})/g;

/** An authentication scheme followed by its credential, without a header name. */
export const SCHEME_CREDENTIAL = /\b(bearer|basic|digest|token|apikey|api-key|ssws|sharedkey)([ \t]{1,8})([A-Za-z0-9._~+\/=:-]{8,1000})/gi;

/** AWS access key ids (20 characters, so shorter than the entropy scan's floor). */
export const AWS_KEY_ID = /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/gi;

/** JSON Web Tokens. */
export const JWT = /\beyJ[A-Za-z0-9_-]{4,1000}\.[A-Za-z0-9_-]{4,1000}\.[A-Za-z0-9_-]{0,1000}/gi;

/**
 * E-mail addresses, with Unicode local parts and internationalised domains; the domain's
 * labels are checked in code (a dot, a last label with a letter).
 */
export const EMAIL = /[^\s@<>()\[\]\\,;:"'`\/=]{1,64}@[\p{L}\p{N}\p{M}_.-]{1,253}/gu;

/**
 * A home directory and its user name, on every OS and in escaped forms: /home/x,
 * /Users/x, /var/home/x, /usr/home/x, /mnt/c/Users/x, C:\Users\x, C:/Users/x,
 * C:\\Users\\x, \/home\/x. (A Windows user name with spaces is extended in code.)
 */
export const HOME_DIR =
  /(?:[A-Za-z]:)?(?:[\\\/]{1,4}(?:var|usr|export|private|mnt[\\\/]{1,4}[A-Za-z]))?[\\\/]{1,4}(?:home|Users|Documents and Settings)[\\\/]{1,4}([^\\\/\s"'`:*?<>|]{1,128})/gi;

/** The root user's home directory. */
export const ROOT_HOME = /(^|[^A-Za-z0-9_.~-])\\{0,3}\/root(\\{0,3}\/|[\s"'`:]|$)/g;

/**
 * A run of token characters (base64, base64url, hex, plus the separators keys use) with
 * its padding: the candidates of the entropy check.
 */
export const TOKEN_RUN = /[A-Za-z0-9+\/_.~%-]{20,1000}={0,2}/g;

/** Every pattern above, for the test that compiles each with RE2. */
export const REDACTION_PATTERNS: readonly RegExp[] = [
  INVISIBLE,
  PEM_HEADER,
  PEM_FOOTER,
  URL_START,
  BARE_USERINFO,
  ASSIGNMENT,
  LONG_FLAG,
  SHORT_USER_FLAG,
  SCHEME_CREDENTIAL,
  AWS_KEY_ID,
  JWT,
  EMAIL,
  HOME_DIR,
  ROOT_HOME,
  TOKEN_RUN,
];
