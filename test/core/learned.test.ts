import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import MODEL from '../../rules/learned-model.json' with { type: 'json' };
import { classifyFailure } from '../../src/core/classify/classifier.js';
import { isWeakRule, learnedScore, learnedTokens } from '../../src/core/classify/learned.js';
import { FAILURE_REASONS } from '../../src/core/taxonomy.js';

interface BlindCase {
  text: string;
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
}

const blindEvidence = (): { texts: string[]; httpStatus?: number; exitCode?: number; signal?: string }[] =>
  'abcdefghijklmnopq'.split('').flatMap((b) =>
    (JSON.parse(readFileSync(new URL(`../fixtures/blind/batch-${b}.json`, import.meta.url), 'utf8')) as { cases: BlindCase[] }).cases.map(
      ({ text, httpStatus, exitCode, signal }) => ({
        texts: [text],
        ...(httpStatus !== undefined && { httpStatus }),
        ...(exitCode !== undefined && { exitCode }),
        ...(signal !== undefined && { signal }),
      }),
    ),
  );

interface Check {
  evidence: { texts: string[]; httpStatus?: number; exitCode?: number; signal?: string };
  reason: string;
  confidence: number;
}

describe('learned step', () => {
  it('is small data with reasons from the taxonomy', () => {
    expect(JSON.stringify(MODEL).length).toBeLessThan(300 * 1024);
    const reasons = new Set(FAILURE_REASONS.map((r) => r.reason));
    for (const c of MODEL.classes) expect(reasons.has(c as never)).toBe(true);
  });

  it('scores the check cases as the training script did (same tokenizer and weights)', () => {
    for (const c of MODEL.checks as Check[]) {
      const { texts, ...facts } = c.evidence;
      const s = learnedScore(texts.join('\n'), facts);
      expect(s.reason).toBe(c.reason);
      expect(s.confidence).toBeCloseTo(c.confidence, 3);
      const ps = Object.values(s.probabilities);
      expect(ps.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 9);
      expect(Math.max(...ps)).toBe(s.confidence);
    }
  });

  it('splits identifiers and buckets numbers', () => {
    const { tokens, wholes } = learnedTokens('RateLimitError: HTTP 429 after 12345 ms insufficient_quota 请求超时');
    expect(tokens).toEqual([
      'rate',
      'limit',
      'error',
      'http',
      '#429',
      'after',
      '#l',
      'ms',
      'insufficient',
      'quota',
      '请',
      '求',
      '超',
      '时',
    ]);
    expect(wholes).toEqual(['ratelimiterror', 'insufficient_quota']);
  });

  it('does bounded work on huge inputs', () => {
    const huge = 'aB_'.repeat(2_000_000);
    const t0 = Date.now();
    expect(learnedTokens(huge).tokens.length).toBeLessThanOrEqual(MODEL.tokenizer.maxTokens);
    learnedScore(huge);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('is off by default, and never retry-safe when on', () => {
    const ev = { texts: ['the llama server said: model runner has unexpectedly stopped, this may be due to resource limitations'] };
    const off = classifyFailure(ev);
    const on = classifyFailure(ev, { learned: true });
    expect(off.rule.startsWith('learned.')).toBe(false);
    if (on.rule.startsWith('learned.')) expect(on.retrySafe).toBe(false);
    const blank = classifyFailure({ texts: ['zzzz qqqq'] }, { learned: true });
    if (blank.rule.startsWith('learned.')) expect(blank.retrySafe).toBe(false);
  });

  it('leaves a specific rule verdict the model does not contradict alone', () => {
    const ev = {
      texts: [
        'Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
      ],
    };
    expect(classifyFailure(ev, { learned: true })).toEqual(classifyFailure(ev));
    expect(isWeakRule('cue.timeout@tool')).toBe(true);
    expect(isWeakRule('network.generic')).toBe(true);
    expect(isWeakRule('rate.limit_error')).toBe(false);
  });

  it('changes only runs the rules left unknown or decided by a weak step; never retry-safe', () => {
    let changed = 0;
    for (const ev of blindEvidence()) {
      const off = classifyFailure(ev);
      const on = classifyFailure(ev, { learned: true });
      if (on.rule === off.rule) continue;
      changed++;
      expect(off.rule === 'none' || isWeakRule(off.rule), `${off.rule} -> ${on.rule}`).toBe(true);
      expect(on.rule).toBe(`learned.${on.reason}`);
      expect(on.retrySafe).toBe(false);
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('leaves host facts alone: a cancel, a crash signal, an HTTP status decide whatever the model reads', () => {
    const texts = ['Error: spawn npx ENOENT while starting MCP server "github"'];
    expect(classifyFailure({ texts, cancelled: true }, { learned: true }).reason).toBe('cancelled');
    expect(classifyFailure({ texts: ['something went wrong'], signal: 'SIGKILL' }, { learned: true }).rule).toBe('fact.crash_signal');
    expect(classifyFailure({ texts: ['something went wrong'], httpStatus: 429 }, { learned: true }).rule).toBe('http.429');
  });

  it('keeps every recorded CLI run as the rules classify it (long stdout tails are not what the model learned from)', () => {
    const runs = (
      JSON.parse(readFileSync(new URL('../fixtures/cli-runs.json', import.meta.url), 'utf8')) as {
        runs: { id: string; stdoutTail?: string; stderrTail?: string; exitCode: number | null; timedOut: boolean; expected: string }[];
      }
    ).runs;
    for (const r of runs) {
      const ev = {
        ...(r.stderrTail ? { stderrTail: r.stderrTail } : {}),
        ...(r.stdoutTail ? { stdoutTail: r.stdoutTail } : {}),
        ...(r.exitCode !== null ? { exitCode: r.exitCode } : {}),
        closeReason: r.timedOut ? 'timeout' : 'exit_nonzero',
      };
      expect(classifyFailure(ev, { learned: true }).reason, r.id).toBe(classifyFailure(ev).reason);
    }
  });
});
