import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import MODEL from '../../rules/learned-model.json' with { type: 'json' };
import { classifyFailure } from '../../src/core/classify/classifier.js';
import { isWeakRule } from '../../src/core/classify/learned.js';
import { learnedScore, learnedTokens } from '../../src/core/classify/learned-model.js';
import { FAILURE_REASONS } from '../../src/core/taxonomy.js';

interface BlindCase {
  text: string;
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
}

const BLIND = new URL('../fixtures/blind/', import.meta.url);
// The measured batches (a sealed one waits for its first contact and is not read here).
const blindEvidence = (): { texts: string[]; httpStatus?: number; exitCode?: number; signal?: string }[] =>
  readdirSync(BLIND)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, BLIND), 'utf8')) as { cases: BlindCase[]; sealed?: boolean })
    .filter((batch) => batch.sealed !== true)
    .flatMap((batch) =>
      batch.cases.map(({ text, httpStatus, exitCode, signal }) => ({
        texts: [text],
        ...(httpStatus !== undefined && { httpStatus }),
        ...(exitCode !== undefined && { exitCode }),
        ...(signal !== undefined && { signal }),
      })),
    );

interface Check {
  evidence: { texts: string[]; httpStatus?: number; exitCode?: number; signal?: string };
  reason: string;
  confidence: number;
}

describe('learned step', () => {
  it('is small data with reasons from the taxonomy', () => {
    expect(JSON.stringify(MODEL).length).toBeLessThan(1200 * 1024);
    expect(MODEL.minConfidence).toBeGreaterThan(0.5);
    expect(MODEL.overrideBelow).toBeLessThan(0.5);
    expect(MODEL.nameAtLeast).toBeLessThan(MODEL.minConfidence);
    // A weak step's verdict gives way sooner than a specific rule's, never to a mere prior.
    expect(MODEL.replaceWeakAt).toBeGreaterThan(MODEL.nameAtLeast);
    expect(MODEL.replaceWeakAt).toBeLessThanOrEqual(MODEL.minConfidence);
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

  it('reads scripts written without spaces one character at a time, as the training script does', async () => {
    // @ts-expect-error: the training script is plain JavaScript without types.
    const { tokenize } = (await import('../../scripts/learned/features.mjs')) as {
      tokenize: (t: string) => { tokens: string[]; wholes: string[] };
    };
    const thai = 'การยืนยันตัวตนล้มเหลว';
    expect(learnedTokens(thai).tokens).toEqual([...thai]);
    // Lao, Myanmar, Khmer likewise; Cyrillic and accented Latin stay whole words.
    for (const text of ['ບໍ່ສາມາດເຊື່ອມຕໍ່', 'ချိတ်ဆက်မှု မအောင်မြင်ပါ', 'ការតភ្ជាប់បរាជ័យ', 'Ошибка подключения: délai dépassé']) {
      expect(learnedTokens(text)).toEqual(tokenize(text));
    }
    expect(learnedTokens('Ошибка подключения').tokens).toEqual(['ошибка', 'подключения']);
  });

  it('reads a bounded part of huge inputs', () => {
    const huge = 'aB_'.repeat(2_000_000);
    expect(learnedTokens(huge).tokens.length).toBeLessThanOrEqual(MODEL.tokenizer.maxTokens);
    // The head and the tail are read, nothing between them.
    const marked = `quota ${'x '.repeat(1_000_000)}timeout`;
    const { tokens } = learnedTokens(marked);
    expect(tokens[0]).toBe('quota');
    expect(tokens.includes('timeout')).toBe(tokens.length < MODEL.tokenizer.maxTokens);
    expect(learnedScore(huge).confidence).toBeGreaterThan(0);
  });

  it('is on by default, can be turned off, and is never retry-safe', () => {
    const ev = { texts: ['Sandbox helper gave up: quux frobnication failed'] };
    const off = classifyFailure(ev, { learned: false });
    const on = classifyFailure(ev);
    expect(off.rule.startsWith('learned.')).toBe(false);
    expect(classifyFailure(ev, { learned: true })).toEqual(on);
    let learnedVerdicts = 0;
    for (const e of blindEvidence()) {
      const v = classifyFailure(e);
      if (!v.rule.startsWith('learned.')) continue;
      learnedVerdicts++;
      expect(v.retrySafe).toBe(false);
    }
    expect(learnedVerdicts).toBeGreaterThan(0);
  });

  it('replaces a weak step’s verdict (a cue word, a generic wording) exactly when it reaches replaceWeakAt', () => {
    let replaced = 0;
    let kept = 0;
    for (const e of blindEvidence()) {
      const off = classifyFailure(e, { learned: false });
      if (!isWeakRule(off.rule)) continue;
      const { texts, ...facts } = e;
      const s = learnedScore(texts.join('\n'), facts);
      const replaces = s.reason !== 'unknown' && s.reason !== 'exit_nonzero' && s.confidence >= MODEL.replaceWeakAt;
      expect(classifyFailure(e).rule, texts[0]).toBe(replaces ? `learned.${s.reason}` : off.rule);
      if (replaces && s.reason !== off.reason) replaced++;
      if (!replaces) kept++;
    }
    expect(replaced).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('leaves unknown what it reads little in (below nameAtLeast)', () => {
    for (const text of ['~', 'zzzz qqqq']) {
      // Featureless text reads as the prior: its top class is `unknown` (which names nothing) or
      // no class reaches nameAtLeast. (A lone "x" is no longer featureless: trained on a-dv it leans
      // to `cancelled`, from "Cancelled in x" and 'Tool "X" was aborted'.)
      const score = learnedScore(text);
      expect(score.reason === 'unknown' || score.confidence < MODEL.nameAtLeast, `${text}: ${score.reason} ${score.confidence}`).toBe(true);
      expect(classifyFailure({ texts: [text] }).reason, text).toBe('unknown');
    }
  });

  it('leaves a specific rule verdict the model does not contradict alone', () => {
    const ev = {
      texts: [
        'Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
      ],
    };
    expect(classifyFailure(ev, { learned: true })).toEqual(classifyFailure(ev, { learned: false }));
    expect(isWeakRule('cue.timeout@tool')).toBe(true);
    expect(isWeakRule('network.generic')).toBe(true);
    expect(isWeakRule('rate.limit_error')).toBe(false);
  });

  it('changes a specific rule verdict only on a short text, when on the excerpt or the whole text it is confident the rule is wrong', () => {
    const changed = { weak: 0, specific: 0 };
    for (const ev of blindEvidence()) {
      const off = classifyFailure(ev, { learned: false });
      const on = classifyFailure(ev, { learned: true });
      if (on.rule === off.rule) continue;
      expect(on.rule).toBe(`learned.${on.reason}`);
      expect(on.retrySafe).toBe(false);
      if (off.rule === 'none' || isWeakRule(off.rule)) {
        changed.weak++;
        continue;
      }
      changed.specific++;
      expect(off.evidence, off.rule).toBe('text');
      // The verdict keeps the excerpt of the rule it overruled.
      expect(on.detail).toBe(off.detail);
      expect(on.reason).not.toBe(off.reason);
      // A long text (over 600 characters) is not what the model learned from: no override there.
      expect(ev.texts.join('\n').length, off.rule).toBeLessThanOrEqual(600);
      // The model is that sure of the new reason on the excerpt or on the whole text.
      // (the whole text with its structured facts; failure.detail stands for the excerpt, unless cut)
      const facts = { httpStatus: ev.httpStatus, exitCode: ev.exitCode, signal: ev.signal };
      if (off.detail === undefined || off.detail.endsWith('…')) continue;
      const sure = [learnedScore(ev.texts.join('\n'), facts), learnedScore(off.detail)].some(
        (s) => s.reason === on.reason && s.confidence > MODEL.minConfidence - 0.05,
      );
      expect(sure, off.rule).toBe(true);
    }
    expect(changed.weak).toBeGreaterThan(0);
    expect(changed.specific).toBeGreaterThan(0);
  });

  it('calls a text rule retry-safe only when a second reading by the model agrees the failure is transient', () => {
    let withdrawn = 0;
    for (const ev of blindEvidence()) {
      const off = classifyFailure(ev, { learned: false });
      const on = classifyFailure(ev, { learned: true });
      if (on.rule !== off.rule || !off.retrySafe || on.retrySafe) continue;
      // Same verdict, retry-safety withdrawn: the model put less than transientAtLeast on the
      // retry-safe reasons, averaged over the whole text and the excerpt (failure.detail, which
      // may be redacted or cut: hence the margin).
      withdrawn++;
      expect(['text', 'http_status']).toContain(off.evidence);
      const share = (t: string, facts?: Parameters<typeof learnedScore>[1]) => {
        const { probabilities } = learnedScore(t, facts);
        return FAILURE_REASONS.filter((r) => r.retrySafe).reduce((a, r) => a + (probabilities[r.reason] ?? 0), 0);
      };
      // A status that decided has no excerpt of its own ("HTTP 500"): the whole text, with the status, was read.
      if (off.evidence === 'http_status') {
        expect(share(ev.texts.join('\n'), { httpStatus: ev.httpStatus }), off.rule).toBeLessThan(MODEL.transientAtLeast);
        continue;
      }
      // failure.detail cut short ("…") or redacted ("[REDACTED]" for a request id the model read
      // as it was) is not the excerpt the model read: not comparable.
      if (off.detail?.endsWith('…') || off.detail?.includes('[REDACTED]')) continue;
      const whole = share(ev.texts.join('\n'));
      const excerpt = off.detail ? share(off.detail) : whole;
      expect((whole + excerpt) / 2, off.rule).toBeLessThan(MODEL.transientAtLeast + 0.05);
    }
    expect(withdrawn).toBeGreaterThan(0);
    for (const text of [
      'socket hang up',
      'API Error: 429 Too Many Requests',
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}',
    ]) {
      expect(classifyFailure({ texts: [text] }).retrySafe, text).toBe(true);
    }
    // A status with nothing else beside it is not read again: a 429 alone stays retry-safe.
    expect(classifyFailure({ httpStatus: 429, texts: [] }).retrySafe).toBe(true);
    // A status that decided is read again when text stands beside it: a 500 relaying a rejected
    // parameter keeps its reason but is not called safe to repeat (rules alone call it safe).
    const relayed = { httpStatus: 500, texts: ["Incompatible tool choice param submitted - {'type': 'none'}"] };
    expect(classifyFailure(relayed, { learned: false })).toMatchObject({ rule: 'http.500', retrySafe: true });
    expect(classifyFailure(relayed)).toMatchObject({ reason: 'provider_server_error', rule: 'http.500', retrySafe: false });
    // ...and a 503 beside a text that reads as the service being unavailable stays safe.
    expect(classifyFailure({ httpStatus: 503, texts: ['The server is temporarily unable to handle your request'] })).toMatchObject({
      rule: 'http.503',
      retrySafe: true,
    });
  });

  it('leaves host facts alone: a cancel, a crash signal, an HTTP status decide whatever the model reads', () => {
    const texts = ['Error: spawn npx ENOENT while starting MCP server "github"'];
    expect(classifyFailure({ texts, cancelled: true }, { learned: true }).reason).toBe('cancelled');
    expect(classifyFailure({ texts: ['something went wrong'], signal: 'SIGKILL' }, { learned: true }).rule).toBe('fact.crash_signal');
    expect(classifyFailure({ texts: ['something went wrong'], httpStatus: 429 }, { learned: true }).rule).toBe('http.429');
  });

  it('keeps every recorded CLI run right, retry-safety included (a specific rule is judged on its excerpt, never on a long tail)', () => {
    let retrySafe = 0;
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
      const on = classifyFailure(ev, { learned: true });
      const off = classifyFailure(ev, { learned: false });
      expect(on.reason, r.id).toBe(r.expected);
      expect(off.reason, r.id).toBe(r.expected);
      // Their tails are long (result records, tool traffic): the excerpt's reading of a real
      // network drop or rate limit is enough to keep it retry-safe.
      expect(on.retrySafe, r.id).toBe(off.retrySafe);
      if (off.retrySafe) retrySafe++;
    }
    expect(retrySafe).toBeGreaterThanOrEqual(14);
  });
});
