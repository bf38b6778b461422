/**
 * The redaction functions on their own: every corpus secret is masked by `redactSecrets` and
 * by `sanitizeDetail` (checked by substring, by 8-character windows and by secretlint as an
 * independent oracle), ordinary error texts stay readable, and every pattern stays linear.
 * No test reads a clock: `npm run bench` measures the cost.
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { cleanText, excerptAround, redactSecrets, sanitizeDetail } from '../../src/core/redact.js';
import { nextTokenRun } from '../../src/core/redact/entropy.js';
import { REDACTION_PATTERNS, TOKEN_RUN } from '../../src/core/redact/patterns.js';
import { CORPUS, leaksOf, secretlintFindings } from '../helpers/secret-oracle.js';

const REDACTORS: ReadonlyArray<readonly [string, (text: string) => string]> = [
  ['redactSecrets', redactSecrets],
  ['sanitizeDetail', (text) => sanitizeDetail(text, 4096)],
];

describe('the secret corpus', () => {
  it('holds at least 100 cases, each secret inside its text (or hidden by an invisible character)', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CORPUS.map((c) => c.id)).size).toBe(CORPUS.length);
    const hiding = /\u0000|\u009b|\u00ad|\u200b|\u200c|\u200d|\u2060|\ufeff/g;
    for (const c of CORPUS) {
      if (c.id.startsWith('split-')) {
        expect(c.text, c.id).toMatch(hiding);
        expect(c.text.replace(hiding, ''), c.id).toContain(c.secret);
      } else {
        expect(c.text, c.id).toContain(c.secret);
      }
    }
  });

  for (const [name, redact] of REDACTORS) {
    it(`${name}: no secret and no 8-character window of one survives`, () => {
      const leaks: string[] = [];
      for (const c of CORPUS) {
        const out = redact(c.text);
        const found = leaksOf(out, c.secret);
        if (found.length > 0) leaks.push(`${c.id}: ${JSON.stringify(found.slice(0, 3))} in ${JSON.stringify(out)}`);
      }
      expect(leaks).toEqual([]);
    });

    it(`${name}: secretlint finds nothing in the output`, async () => {
      const findings: string[] = [];
      for (const c of CORPUS) {
        for (const f of await secretlintFindings(redact(c.text))) findings.push(`${c.id}: ${f}`);
      }
      expect(findings).toEqual([]);
    });
  }

  it('redaction holds on lower-cased text too (excerpts are taken from it when lower-casing changes lengths)', () => {
    const leaks: string[] = [];
    for (const c of CORPUS) {
      const out = redactSecrets(c.text.toLowerCase());
      const found = leaksOf(out, c.secret.toLowerCase());
      if (found.length > 0) leaks.push(`${c.id}: ${JSON.stringify(found.slice(0, 3))}`);
    }
    expect(leaks).toEqual([]);
  });

  it('excerptAround masks the secret around any match in the text', () => {
    const leaks: string[] = [];
    for (const c of CORPUS) {
      const at = Math.floor(c.text.length / 2);
      for (const radius of [40, 240, 4096]) {
        const out = sanitizeDetail(excerptAround(c.text, at, at + 1, radius), 4096);
        const found = leaksOf(out, c.secret);
        if (found.length > 0) leaks.push(`${c.id} radius ${radius}: ${JSON.stringify(found.slice(0, 3))} in ${JSON.stringify(out)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('a secret cut by the redaction window never shows its head', () => {
    const secret = 'AbCdEfGh12345678IjKlMnOp90QrStUvWx';
    for (let off = 1; off < secret.length + 2; off++) {
      // The window is 4 × maxLength + 512 characters; whitespace folding brings its end into view.
      const out = sanitizeDetail(`${' '.repeat(912 - off)}${secret} tail`, 100);
      expect(leaksOf(out, secret), `offset ${off}: ${out}`).toEqual([]);
    }
  });

  it('redaction is idempotent on the corpus', () => {
    for (const c of CORPUS) {
      const once = redactSecrets(c.text);
      expect(redactSecrets(once), c.id).toBe(once);
    }
  });
});

describe('ordinary error texts stay readable', () => {
  it.each([
    [
      `API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your account's rate limit."}}`,
      ['429', 'rate_limit_error', "This request would exceed your account's rate limit."],
    ],
    [
      'Error: Cannot find module at /usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:942',
      ['/usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:942'],
    ],
    [
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      ['529', 'overloaded_error', 'Overloaded'],
    ],
    [
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      ['invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'],
    ],
    [
      'API Error: 404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-3-5-sonnet-20241022"}}',
      ['not_found_error', 'claude-3-5-sonnet-20241022'],
    ],
    [
      'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      ['authentication_error', 'invalid x-api-key'],
    ],
    [
      'TypeError: fetch failed; cause: Error: connect ECONNREFUSED 127.0.0.1:443 UND_ERR_CONNECT_TIMEOUT',
      ['ECONNREFUSED 127.0.0.1:443', 'UND_ERR_CONNECT_TIMEOUT'],
    ],
    [
      'Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close at node:internal/streams/end-of-stream:120:21',
      ['ERR_STREAM_PREMATURE_CLOSE', 'node:internal/streams/end-of-stream:120:21'],
    ],
    ['Error: spawn claude ENOENT at ChildProcess._handle.onexit (node:internal/child_process:285:19)', ['ChildProcess._handle.onexit']],
    [
      'stream error: stream disconnected before completion: Transport error: error decoding response body; retrying 3/5 in 800ms…',
      ['stream disconnected before completion', 'retrying 3/5 in 800ms'],
    ],
    ['Error code: 429 - rate_limit_exceeded: max_tokens: 4096 exceeds the limit', ['rate_limit_exceeded', 'max_tokens: 4096']],
    [
      '[GoogleGenerativeAI Error]: Error fetching from https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent: [503 Service Unavailable]',
      ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent', '503 Service Unavailable'],
    ],
    ['MCP error -32000: Connection closed', ['MCP error -32000: Connection closed']],
    ["KeyError: 'choices'", ["KeyError: 'choices'"]],
  ])('%s', (text, kept) => {
    const out = sanitizeDetail(text, 4096);
    for (const k of kept) expect(out).toContain(k);
  });

  it('may mask request ids, but keeps the words around them', () => {
    const out = redactSecrets('API Error: 500 {"type":"error","error":{"type":"api_error"},"request_id":"req_011CSHoE9PzQkRXYvMaN3tWb"}');
    expect(out).toContain('api_error');
    expect(out).toContain('500');
    expect(out).toContain('request_id');
  });

  it('keeps the scheme, host and path of a URL and masks its credentials and query', () => {
    expect(redactSecrets('GET https://api.example.com/v1/models?api_key=abc123def456&x=1 failed')).toBe(
      'GET https://api.example.com/v1/models?[REDACTED] failed',
    );
    const out = redactSecrets('connect ECONNREFUSED postgres://agent:p@ss/w#rd@db.example.com:5432/app');
    expect(out).toContain('db.example.com:5432/app');
    expect(out).not.toContain('agent');
    expect(out).not.toContain('w#rd');
  });

  it('keeps the scheme name of an Authorization header', () => {
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('Authorization: Token 0123456789abcdef0123456789abcdef01234567 sent')).toBe(
      'Authorization: Token [REDACTED] sent',
    );
  });

  it('masks the whole quoted value, escaped quotes included', () => {
    expect(redactSecrets(`password='correct horse battery staple' rejected`)).toBe(`password='[REDACTED]' rejected`);
    expect(redactSecrets('{"password":"a\\"b c","user":"x"}')).toBe('{"password":"[REDACTED]","user":"x"}');
    expect(redactSecrets('{\\"api_key\\":\\"k\\\\\\"ey 1\\",\\"n\\":2}')).toBe('{\\"api_key\\":\\"[REDACTED]\\",\\"n\\":2}');
  });

  it('replaces home directories on every OS by ~', () => {
    for (const [text, want] of [
      ['/home/alice/x', '~/x'],
      ['/Users/alice/x', '~/x'],
      ['/var/home/alice/x', '~/x'],
      ['/mnt/c/Users/alice/x', '~/x'],
      ['C:\\Users\\alice\\x', '~\\x'],
      ['C:/Users/alice/x', '~/x'],
      ['\\/home\\/alice\\/x', '~\\/x'],
      ['/root/.claude', '~/.claude'],
    ] as const) {
      expect(redactSecrets(`open '${text}' failed`)).toBe(`open '${want}' failed`);
    }
  });
});

describe('unknown key formats, by entropy', () => {
  // A fixed seed: the same tokens on every run.
  let seed = 0x2545f491;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const token = (alphabet: string, n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const ALPHABETS: Record<string, string> = {
    base62: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
    base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
    base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
    hex: '0123456789abcdef',
    base36: 'abcdefghijklmnopqrstuvwxyz0123456789',
    base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  };

  it.each(Object.keys(ALPHABETS))('masks random %s tokens of 32 characters and more, whatever their prefix', (name) => {
    const leaks: string[] = [];
    for (const n of [32, 40, 64, 100]) {
      for (let i = 0; i < 150; i++) {
        const secret = ['', 'sk-', 'tok_', 'live_', 'acme-', 'x'][i % 6] + token(ALPHABETS[name]!, n);
        const out = redactSecrets(`Error: 401 Unauthorized (credential ${secret} rejected)`);
        if (leaksOf(out, secret).length > 0) leaks.push(secret);
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each([
    'FatalProcessOutOfMemory',
    'TLSSocket.onHttpSocketClose',
    'types.JSONRPCMessage.model_validate_json',
    'AgentDesignerWebview.listMcpTools',
    'processTicksAndRejections',
    'claude-3-5-sonnet-20241022-v2:0',
    'anthropic.claude-3-7-sonnet-20250219-v1',
    'ERR_STREAM_PREMATURE_CLOSE',
    'context_length_exceeded',
    'x-stainless-retry-count',
    'generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro',
    '@google/gemini-cli@0.20.0-nightly.20251127.5bed97064',
    '/mnt/c/Windows/System32/reg.exe',
    '/tmp/gemini-client-error-Turn.run-sendMessageStream-2025-08-13T07-58-41-285Z',
    'internationalization_error',
  ])('leaves the identifier %s alone', (identifier) => {
    expect(redactSecrets(`failed at ${identifier} (see log)`)).toBe(`failed at ${identifier} (see log)`);
  });

  it('masks only the random directory of a path', () => {
    expect(redactSecrets('at /opt/app/.npm/_npx/41ef69d0cb7a2cab/node_modules/undici/index.js:12:3')).toBe(
      'at /opt/app/.npm/_npx/[REDACTED]/node_modules/undici/index.js:12:3',
    );
  });
});

describe('names that are often prose', () => {
  it.each([
    ['Failed to create session: timed out waiting for tmux', 'timed out'],
    ['Failed to create new session: [object Object]', '[object Object]'],
    ['warning: auth=unknown, retrying', 'auth=unknown'],
    ['bad entry key: value', 'key: value'],
    ['Failed to refresh token: 401 Unauthorized', '401 Unauthorized'],
    ["KeyError: 'choices'", "KeyError: 'choices'"],
  ])('%s', (text, kept) => {
    expect(redactSecrets(text)).toContain(kept);
  });

  it.each([
    ['session: 9f8e7d6c5b4a3928', '9f8e7d6c5b4a3928'],
    ['key: Abc123xyz', 'Abc123xyz'],
    ['auth=dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['password: hunter', 'hunter'],
    ['DB_PASS=letmein', 'letmein'],
  ])('still masks a credential: %s', (text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
  });
});

describe('control and invisible characters', () => {
  it('are removed, so a key split by them is seen whole', () => {
    for (const ch of [
      '\u0000',
      '\u0007',
      '\u007f',
      '\u0085',
      '\u009b',
      '\u00ad',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u2028',
      '\u2060',
      '\u2064',
      '\ufeff',
    ]) {
      const out = sanitizeDetail(`401 key sk-ant-api03-${ch}AbCdEfGh1234567890IjKlMnOp`, 4096);
      expect(out, JSON.stringify(ch)).not.toContain('AbCdEfGh');
      expect(out).not.toContain(ch);
    }
  });

  it('cleanText keeps tabs and newlines and makes the text well-formed', () => {
    expect(cleanText('a\tb\nc\u0000d\u200be\ud800')).toBe('a\tb\ncde\ufffd');
  });
});

describe('every redaction pattern is linear', () => {
  /** JavaScript's \uXXXX and \u{X} escapes in RE2's spelling. */
  const toRe2 = (source: string): string =>
    source.replace(/\\u\{([0-9a-fA-F]{1,6})\}/g, '\\x{$1}').replace(/\\u([0-9a-fA-F]{4})/g, '\\x{$1}');

  /** Whether a pattern repeats (*, + or {n,m} with m > 1) a group that itself holds a quantifier. */
  function repeatsAQuantifiedGroup(source: string): boolean {
    const open: boolean[] = [];
    let inClass = false;
    let closedHadQuantifier = false;
    for (let i = 0; i < source.length; i++) {
      const ch = source[i]!;
      const afterGroup = closedHadQuantifier;
      closedHadQuantifier = false;
      if (ch === '\\') {
        i++;
        continue;
      }
      if (inClass) {
        if (ch === ']') inClass = false;
        continue;
      }
      if (ch === '[') {
        inClass = true;
      } else if (ch === '(') {
        open.push(false);
        if (source[i + 1] === '?') i += source[i + 2] === ':' ? 2 : 1;
      } else if (ch === ')') {
        const had = open.pop() ?? false;
        if (had && open.length > 0) open[open.length - 1] = true;
        closedHadQuantifier = had;
      } else if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
        const bound = ch === '{' ? /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i)) : null;
        if (ch === '{' && bound === null) continue;
        const max =
          ch === '?'
            ? 1
            : bound === null
              ? Infinity
              : bound[2] === undefined
                ? Number(bound[1])
                : bound[2] === ''
                  ? Infinity
                  : Number(bound[2]);
        if (afterGroup && max > 1) return true;
        if (open.length > 0) open[open.length - 1] = true;
        if (bound !== null) i += bound[0].length - 1;
      }
    }
    return false;
  }

  it('the checker itself sees nested quantifiers', () => {
    expect(repeatsAQuantifiedGroup('(a+)+')).toBe(true);
    expect(repeatsAQuantifiedGroup('(?:\\.[a-z]{1,63}){1,8}')).toBe(true);
    expect(repeatsAQuantifiedGroup('(?:x[a-z]{1,4})?y+')).toBe(false);
    expect(repeatsAQuantifiedGroup('[(a+)]+')).toBe(false);
  });

  it.each(REDACTION_PATTERNS.map((re) => [re.source, re] as const))('%s', (_source, re) => {
    // RE2 accepts it: no lookaround, no backreferences, repetition counts of at most 1000.
    const flags = re.flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0;
    expect(() => RE2JS.compile(toRe2(re.source), flags)).not.toThrow();
    // And no repeated group holds a quantifier, so a backtracking engine stays linear too.
    expect(repeatsAQuantifiedGroup(re.source)).toBe(false);
  });

  it('redaction finishes on hostile input with a bounded answer (a backtracking pattern would hang it)', () => {
    const baits = [
      'a@'.repeat(10_000),
      'https://'.repeat(3_000),
      'password='.repeat(3_000),
      '"password":"\\'.repeat(2_000),
      'x-api-key: '.repeat(2_000),
      '--password '.repeat(2_000),
      '/home/'.repeat(4_000),
      'C:\\Users\\a b '.repeat(2_000),
      `${'Ab1'.repeat(6_000)}`,
      `${'a-'.repeat(9_000)}`,
      '-----BEGIN PRIVATE KEY-----'.repeat(700),
      'Bearer '.repeat(3_000),
      'eyJ'.repeat(6_000),
      `${'\u200b'.repeat(10_000)}sk-ant`,
    ];
    for (const bait of baits) expect(sanitizeDetail(bait, 4096).length).toBeLessThanOrEqual(4096);
  });
});

describe('random-run search', () => {
  // The masking step finds TOKEN_RUN's matches by a one-pass scan (the regex retries every start
  // inside a short run); both must find the same runs, or a key the pattern documents is missed.
  const regexMatches = (text: string): [number, number][] => {
    const found: [number, number][] = [];
    const re = new RegExp(TOKEN_RUN.source, 'g');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push([m.index, m.index + m[0].length]);
    return found;
  };
  const scanMatches = (text: string): [number, number][] => {
    const found: [number, number][] = [];
    for (let m = nextTokenRun(text, 0); m !== undefined; m = nextTokenRun(text, m[1])) found.push(m);
    return found;
  };
  // Token characters, '=' and a few that end a run (space, colon, non-ASCII), in runs around 20.
  const piece = fc.oneof(fc.stringMatching(/^[A-Za-z0-9+/_.~%-]{1,30}$/), fc.constantFrom('=', '==', '===', ' ', ':', 'é', '\n', '"'));

  it('finds the runs TOKEN_RUN finds, on generated text', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(scanMatches(text)).toEqual(regexMatches(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts a run at 1000 characters as the pattern does, padding included', () => {
    for (const text of ['a'.repeat(1000) + '==x', 'b'.repeat(2500), `${'c'.repeat(1019)}=`, `x ${'d'.repeat(19)} ${'e'.repeat(20)}`]) {
      expect(scanMatches(text)).toEqual(regexMatches(text));
    }
  });
});
