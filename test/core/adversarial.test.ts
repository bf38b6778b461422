/**
 * Inputs built to hurt: backtracking bait for every built-in rule, megabyte lines without
 * newlines, lone surrogates, NUL bytes, ANSI escapes. Work stays bounded and the verdict
 * stays sensible. No test here reads a clock (a busy CI machine must not fail them): a
 * catastrophic backtrack shows as a test that never finishes (vitest's test timeout), and
 * `npm run bench` measures the real costs.
 */
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/index.js';
import { sanitizeDetail } from '../../src/core/redact.js';
import { BUILTIN_RULES } from '../../src/core/rules/builtin-rules.js';
import { findHttpStatusInText } from '../../src/core/http-status.js';
import { parseRetryAfterMs } from '../../src/core/retry-after.js';

const MiB = 1024 * 1024;

/** Strings that make a regex try many ways of matching its own fragments without succeeding. */
function baitFor(keyword: string, size: number): string[] {
  const near = keyword.slice(0, -1);
  return [
    `${keyword} `.repeat(Math.ceil(size / (keyword.length + 1))).slice(0, size),
    `${near}${'x'.repeat(81)}`.repeat(Math.ceil(size / (near.length + 81))).slice(0, size),
    `${keyword}${' '.repeat(size)}`.slice(0, size),
    `${keyword}${'9'.repeat(size)}`.slice(0, size),
    `${keyword}:${'\t '.repeat(size / 2)}`.slice(0, size),
  ];
}

describe('no built-in rule backtracks catastrophically', () => {
  for (const rule of BUILTIN_RULES) {
    it(`${rule.id}: finishes on 64 KiB of bait built from its own keywords`, () => {
      let tried = 0;
      for (const keyword of rule.any) {
        for (const bait of baitFor(keyword, 64 * 1024)) {
          rule.re?.exec(bait);
          tried++;
        }
      }
      expect(tried).toBe(rule.any.length * 5);
    });
  }

  it('HTTP status, retry-after and sanitiser patterns finish on bait with bounded answers', () => {
    const baits = [
      'status '.repeat(20_000),
      'error code: '.repeat(10_000),
      '429'.repeat(40_000),
      'try again in 1'.repeat(10_000),
      `${'1'.repeat(100_000)}s`,
      'reset '.repeat(20_000),
      'a@'.repeat(50_000),
      'https://'.repeat(20_000),
      'eyJ'.repeat(40_000),
      'api_key='.repeat(15_000),
      `${'a'.repeat(100_000)}1`,
      '/home/'.repeat(20_000),
      'sk-'.repeat(40_000),
      'Bearer '.repeat(20_000),
    ];
    for (const bait of baits) {
      const status = findHttpStatusInText(bait);
      if (status !== undefined) expect(status).toBeGreaterThanOrEqual(400);
      const retryAfter = parseRetryAfterMs(bait);
      if (retryAfter !== undefined) expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
      expect(sanitizeDetail(bait, 4096).length).toBeLessThanOrEqual(4096);
    }
  });
});

describe('huge and hostile inputs', () => {
  it('classifies a 1 MiB line without newlines, in every field, as unknown', () => {
    const line = 'x'.repeat(MiB);
    for (const field of ['statusMessage', 'exceptionMessage', 'errorMessage', 'stderrTail', 'stdoutTail'] as const) {
      expect(classifyFailure({ [field]: line }).reason, field).toBe('unknown');
    }
    const all = classifyFailure({
      statusMessage: line,
      exceptionMessage: line,
      errorMessage: line,
      stderrTail: line,
      stdoutTail: line,
      texts: [line, line],
    });
    expect(all).toMatchObject({ reason: 'unknown', rule: 'none' });
  });

  it('finds the provider error at the end of a 1 MiB stderr line', () => {
    const v = classifyFailure({
      stderrTail: `${'progress… '.repeat(MiB / 10)}API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}`,
    });
    expect(v.reason).toBe('provider_overloaded');
    expect(v.detail.length).toBeLessThanOrEqual(240);
  });

  it('copes with lone surrogates and NUL bytes, and exports well-formed text', () => {
    const v = classifyFailure({ statusMessage: `\ud800\u0000API Error: 429 rate_limit_error \udfff\u0000\u0001` });
    expect(v.reason).toBe('provider_rate_limit');
    expect(v.detail).not.toMatch(/[\u0000-\u0008]/);
    expect(v.detail).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('reads through ANSI escape sequences and strips them from the detail', () => {
    const v = classifyFailure({ stderrTail: '\u001b[31m\u001b[1mAPI Error:\u001b[0m 529 \u001b[33m{"type":"overloaded_error"}\u001b[0m' });
    expect(v.reason).toBe('provider_overloaded');
    expect(v.detail).not.toContain('\u001b');
    expect(v.detail).toContain('529');
  });

  it('survives an unterminated OSC escape and a flood of escapes', () => {
    const v = classifyFailure({ stderrTail: `\u001b]0;${'t'.repeat(100_000)}\n${'\u001b[0m'.repeat(50_000)}socket hang up` });
    expect(v.reason).toBe('provider_network');
  });

  it('never throws on values of the wrong type', () => {
    const junk: unknown[] = [null, 42, {}, [], Symbol('x'), () => 1, NaN, Number.POSITIVE_INFINITY, ['a', 1, null], new Date(0)];
    for (const value of junk) {
      const ev = Object.fromEntries(
        [
          'statusMessage',
          'stderrTail',
          'httpStatus',
          'exitCode',
          'signal',
          'closeReason',
          'texts',
          'finishReasons',
          'presetReason',
          'cancelled',
        ].map((k) => [k, value]),
      );
      expect(() => classifyFailure(ev as never)).not.toThrow();
      expect(classifyFailure(ev as never).reason).toBeTypeOf('string');
    }
    expect(classifyFailure(null as never).reason).toBe('unknown');
    expect(classifyFailure(undefined as never).reason).toBe('unknown');
  });
});

describe('retry logs on long lines', () => {
  // The retry-line search once wrapped its marker in `[^\n]*…[^\n]*`, which rescans a line
  // from every start position: 200 KiB of spaces before a retry line took half a minute.
  // With bounds of 256 KiB and more these inputs would run into the test timeout if it came back.
  const KiB = 1024;
  const wide = { maxTextLength: 256 * KiB };

  it('reads past a long line without a retry marker', () => {
    const v = classifyFailure({ stderrTail: `${' '.repeat(512 * KiB)}\nwill retry\nERROR: quota exceeded` }, { maxTextLength: 1024 * KiB });
    expect(v).toMatchObject({ reason: 'provider_quota', rule: 'quota.billing', retrySafe: false, detail: 'ERROR: quota exceeded' });
  });

  it('takes the line after a long retry line as the final failure', () => {
    const v = classifyFailure(
      { stderrTail: `API Error: 429 rate_limit_error (attempt 1/3)${' '.repeat(200 * KiB)}\nAPI Error: 529 overloaded_error` },
      wide,
    );
    expect(v).toMatchObject({ reason: 'provider_overloaded', rule: 'overloaded.named', detail: 'API Error: 529 overloaded_error' });
    const d = classifyFailure({ stderrTail: `${'retrying '.repeat(20 * KiB)}\nsocket hang up` }, wide);
    expect(d).toMatchObject({ reason: 'provider_network', rule: 'network.socket', detail: 'socket hang up' });
  });

  it('finds nothing in a line of retry markers or of whitespace alone', () => {
    for (const text of [`retry ${' '.repeat(200 * KiB)}`, 'attempt 1 '.repeat(20 * KiB), ' '.repeat(200 * KiB), '\t\n '.repeat(70 * KiB)]) {
      expect(classifyFailure({ stderrTail: text }, wide)).toMatchObject({ reason: 'unknown', rule: 'none' });
      expect(classifyFailure({ stderrTail: text, errorMessage: text, stdoutTail: text })).toMatchObject({
        reason: 'unknown',
        rule: 'none',
      });
    }
    const v = classifyFailure({ errorMessage: 'Retrying in 5s (attempt 2/10) '.repeat(7 * KiB), exitCode: 1 }, wide);
    expect(v).toMatchObject({ reason: 'exit_nonzero', rule: 'fact.exit_nonzero' });
  });

  it('reads only the first 64 retry lines: the context ends with the 64th', () => {
    const attempts = Array.from({ length: 100 }, (_, i) => `attempt ${i + 1}/100 failed: 529 overloaded_error`).join('\n');
    const v = classifyFailure({ stderrTail: `${attempts}\nError: 401 invalid x-api-key` });
    expect(v).toMatchObject({ reason: 'provider_overloaded', detail: 'attempt 65/100 failed: 529 overloaded_error' });
  });
});
