import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure, type UserRule } from '../../src/index.js';
import { parseUserRules as parseCustomRules, parseUserRulesText as parseCustomRulesText } from '../../src/core/rules/user-rules.js';
import { loadUserRulesFile as loadCustomRulesFile } from '../../src/otel/rules-file.js';
import { byName, SDK_LINES, setupPipeline } from '../helpers/test-helpers.js';

afterEach(() => diag.disable());

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oaf-rules-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('user rules', () => {
  it('run before the built-ins and may override retry safety', () => {
    const warnings: string[] = [];
    const rules: UserRule[] = [
      { id: 'gateway_budget', reason: 'provider_quota', match: { substring: 'ACME gateway: budget exhausted' }, retrySafe: false },
    ];
    const v = classifyFailure(
      { statusMessage: '429 Too Many Requests; acme gateway: budget exhausted' },
      { rules, onWarning: (m) => warnings.push(m) },
    );
    expect(warnings).toEqual([]);
    expect(v).toMatchObject({ reason: 'provider_quota', rule: 'custom.gateway_budget', evidence: 'text' });
  });

  it('match on regex, HTTP status, exit code and close reason together', () => {
    const rules: UserRule[] = [
      {
        id: 'flaky_proxy',
        reason: 'provider_network',
        match: { regex: 'proxy (?:reset|dropped)', httpStatus: 502, closeReason: 'stream_error' },
        retrySafe: true,
      },
      { id: 'exit3', reason: 'config_missing', match: { exitCode: 3 } },
    ];
    expect(classifyFailure({ statusMessage: 'Proxy dropped us', httpStatus: 502, closeReason: 'stream_error' }, { rules }).rule).toBe(
      'custom.flaky_proxy',
    );
    expect(classifyFailure({ statusMessage: 'Proxy dropped us', httpStatus: 500, closeReason: 'stream_error' }, { rules }).rule).not.toBe(
      'custom.flaky_proxy',
    );
    expect(classifyFailure({ exitCode: 3 }, { rules })).toMatchObject({ reason: 'config_missing', evidence: 'structured' });
  });

  it.each([
    [{ rules: [{ reason: 'provider_quota', match: { substring: 'x' } }] }, 'rule #1: "id" must be a non-empty string'],
    [{ rules: [{ id: 'a', reason: 'budget', match: { substring: 'x' } }] }, 'rule "a": "reason" "budget" is not a failure reason'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: {} }] }, 'rule "a": "match" has no condition'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { regex: '(?=a)b' } }] }, 'rule "a": "match.regex" rejected: not a valid RE2 pattern'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { regex: '(a)\\1' } }] }, 'lookaround and backreferences are not supported'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { regex: '([' } }] }, 'not a valid RE2 pattern'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { regex: '\\d+\\d{0,1000}x' } }] }, 'a counted repetition above {20}'],
    [
      { rules: [{ id: 'a', reason: 'unknown', match: { regex: '\\s{0,80}\\s{0,80}budget exhausted' } }] },
      'a counted repetition above {20} (use * or + instead)',
    ],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { exitCode: 'one' } }] }, '"match.exitCode" must be an integer'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { closeReason: 'exploded' } }] }, 'is not a close reason'],
    [{ rules: [{ id: 'a', reason: 'unknown', match: { substring: 'x' }, retrySafe: 'yes' }] }, '"retrySafe" must be true or false'],
    [{ nope: true }, 'expected {"rules": [...]}'],
  ])('reports %j clearly', (json, message) => {
    const { rules, errors } = parseCustomRules(json, 'rules.json');
    expect(rules).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('rules.json');
    expect(errors[0]).toContain(message);
  });

  it('keeps the good rules of a file with a broken one', () => {
    const { rules, errors } = parseCustomRules({ rules: [{ id: 'bad' }, { id: 'good', reason: 'tool_error', match: { substring: 'x' } }] });
    expect(rules.map((r) => r.id)).toEqual(['custom.good']);
    expect(errors).toHaveLength(1);
  });

  // Patterns that take seconds to minutes per span on a backtracking engine (from an outside review).
  it.each([
    ['((a|a))*b', `${'a'.repeat(30)}!`, 'aab'],
    ['(?:(?:\\s|\\s))+x', `${' '.repeat(30)}!`, '  x'],
    ['(a+)+$', `${'a'.repeat(40)}!`, 'aaaa'],
    ['\\s{0,20}\\s{0,20}\\s{0,20}budget exhausted', ' '.repeat(2000), '  budget exhausted'],
    ['[a-z ]*[a-z ]*[a-z ]*budget', 'a'.repeat(2000), 'the budget'],
  ])('runs %s on the linear-time engine: accepted, no match on its bait, a match on a real hit', (pattern, bait, hit) => {
    const warnings: string[] = [];
    const rules: UserRule[] = [{ id: 'bait', reason: 'provider_quota', match: { regex: pattern } }];
    const v = classifyFailure(
      { stderrTail: Array.from({ length: 32 }, () => bait).join('\n') },
      { rules, onWarning: (m) => warnings.push(m) },
    );
    expect(warnings).toEqual([]);
    expect(v.rule).not.toBe('custom.bait');
    expect(classifyFailure({ stderrTail: `${bait}\n${hit}` }, { rules }).rule).toBe('custom.bait');
  });

  it('refuses lookaround and backreferences with one message naming the rule', () => {
    const warnings: string[] = [];
    const rules = [{ id: 'look', reason: 'provider_quota', match: { regex: '(?:(?=a)(?:a|a))+b' } }] as UserRule[];
    classifyFailure({ statusMessage: 'aab' }, { rules, onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('rule "look"');
    expect(warnings[0]).toContain('lookaround and backreferences are not supported');
  });

  it('caps the regex work of one run: hundreds of literal-less rules on 64 KiB of newlines are cut off, and said once', () => {
    const warnings: string[] = [];
    const rules = Array.from({ length: 256 }, (_, i) => ({
      id: `r${i}`,
      reason: 'provider_quota',
      match: { regex: '\\s{0,20}[xyz]{3}' },
    })) as UserRule[];
    const v = classifyFailure(
      { stderrTail: '\n'.repeat(64 * 1024), statusMessage: 'x' },
      { rules, learned: false, onWarning: (m) => warnings.push(m) },
    );
    expect(v.reason).toBe('unknown');
    expect(warnings).toEqual([expect.stringContaining('user regexes skipped: their work budget')]);
  });

  it('runs a regex with a literal only where the literal occurs', () => {
    const rules: UserRule[] = [{ id: 'gw', reason: 'provider_quota', match: { regex: 'acme gateway: budget [a-z]+' } }];
    expect(classifyFailure({ stderrTail: `${'\n'.repeat(64 * 1024)}ACME gateway: budget exhausted` }, { rules }).rule).toBe('custom.gw');
  });

  it('names the file when it cannot be read or parsed', () => {
    expect(loadCustomRulesFile('/nonexistent/rules.json').errors).toEqual(['/nonexistent/rules.json: cannot read rule file (ENOENT)']);
    expect(parseCustomRulesText('{ not json', 'my-rules.json').errors[0]).toMatch(/^my-rules\.json: not valid JSON/);
  });

  it('a broken rule file gives one diag warning naming the file, and the built-ins keep working', async () => {
    const warnings: string[] = [];
    diag.setLogger(
      { warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.WARN,
    );
    const file = tempFile('broken.json', '{"rules": [ {"id": "x", ');
    const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
    const p = setupPipeline(newest, 'beside', { rulesFile: file });
    const span = p.tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
    span.end();
    expect(byName(await p.finished(), 'agent').attributes['failure.reason']).toBe('provider_network');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toContain('not valid JSON');
  });

  it('rules from AGENT_FAILURE_RULES_FILE reach the processor', async () => {
    const file = tempFile(
      'rules.json',
      JSON.stringify({ rules: [{ id: 'acme', reason: 'provider_quota', match: { substring: 'acme budget' } }] }),
    );
    const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
    const p = setupPipeline(newest, 'wrapper', { env: { AGENT_FAILURE_RULES_FILE: file } });
    const span = p.tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'acme budget spent' });
    span.end();
    expect(byName(await p.finished(), 'agent').attributes).toMatchObject({
      'failure.reason': 'provider_quota',
      'failure.rule': 'custom.acme',
    });
  });
});
