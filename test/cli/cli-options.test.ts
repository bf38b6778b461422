/**
 * The built CLI's options and configuration: rule files that cannot be used, --signal,
 * AGENT_FAILURE_ENABLED=false, unknown flags and commands, and redaction of span text in
 * what it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, distFile } from '../helpers/dist-helpers.js';
import { fleetSpans, handRequest, handSpan, jsonLines, otlpRequests } from '../helpers/otlp-helpers.js';
import { ENV } from './cli-process.js';

let dir: string;
let fleetFile: string;
beforeAll(async () => {
  distFile('cli.js');
  dir = mkdtempSync(join(tmpdir(), 'cli-options-test-'));
  fleetFile = join(dir, 'fleet.jsonl');
  writeFileSync(fleetFile, jsonLines(otlpRequests(await fleetSpans(42, 200), 50, true)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const GOOD_RULES = JSON.stringify({
  rules: [{ id: 'acme.quota', reason: 'provider_quota', match: { substring: 'acme gateway: budget exhausted' } }],
});

describe('a rules file that cannot be used is an input problem (exit 1)', () => {
  const runs = (rules: string[], env: Record<string, string> = {}) => [
    cli(['explain', 'acme gateway: budget exhausted', ...rules], { env: { ...ENV, ...env } }),
    cli(['classify', fleetFile, ...rules], { env: { ...ENV, ...env } }),
  ];

  it('uses a good rules file', async () => {
    const good = file('good-rules.json', GOOD_RULES);
    const r = await cli(['explain', 'acme gateway: budget exhausted', '--rules', good, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reason).toBe('provider_quota');
    expect((await cli(['classify', fleetFile, '--rules', good])).code).toBe(0);
  });

  it('a missing or unreadable file, naming it', async () => {
    const missing = join(dir, 'no-such-rules.json');
    for (const r of await Promise.all([...runs(['--rules', missing]), ...runs(['--rules', dir])])) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no-such-rules\.json|cli-options-test-/);
      expect(r.stdout).toBe('');
    }
  });

  it('a JSON syntax error, with its line and column', async () => {
    const broken = file('broken-rules.json', '{\n  "rules": [\n    { "id": "x", }\n  ]\n}\n');
    for (const r of await Promise.all(runs(['--rules', broken]))) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(broken);
      expect(r.stderr).toContain('line 3, column 18');
      expect(r.stdout).toBe('');
    }
  });

  it('invalid rules, and the same through AGENT_FAILURE_RULES_FILE', async () => {
    const invalid = file(
      'invalid-rules.json',
      JSON.stringify({ rules: [{ id: 'x', reason: 'no_such_reason', match: { substring: 'a' } }] }),
    );
    const results = await Promise.all([...runs(['--rules', invalid]), ...runs([], { AGENT_FAILURE_RULES_FILE: invalid })]);
    for (const r of results) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(invalid);
      expect(r.stdout).toBe('');
    }
  });

  it('a device is refused after a bounded read, not read until memory runs out', async () => {
    const r = await cli(['explain', 'x', '--rules', '/dev/zero'], { timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/dev/zero');
    expect(r.stderr).toMatch(/more than 1048576 bytes/);
  });
});

describe('explain --signal', () => {
  it('accepts real signal names, with or without SIG, in any case', async () => {
    for (const name of ['SIGKILL', 'kill', 'sigkill', 'Kill', 'SIGSEGV', 'term']) {
      const r = await cli(['explain', '--signal', name, '--json']);
      expect(r.code, name).toBe(0);
      expect(JSON.parse(r.stdout).reason, name).toBe('process_crash');
    }
    expect(JSON.parse((await cli(['explain', '--signal', 'int', '--json'])).stdout).reason).toBe('cancelled');
  });

  it('refuses unknown names and numbers with a usage error listing examples', async () => {
    for (const value of ['FOO', '9', 'SIG', '']) {
      const r = await cli(['explain', '--signal', value]);
      expect(r.code, value).toBe(2);
      expect(r.stderr, value).toContain('--signal');
      expect(r.stderr, value).toContain('SIGKILL');
      expect(r.stdout, value).toBe('');
    }
  });
});

describe('AGENT_FAILURE_ENABLED=false', () => {
  const off = { env: { ...ENV, AGENT_FAILURE_ENABLED: 'false' } };

  it('classify stamps nothing: counts, no failure buckets', async () => {
    const r = await cli(['classify', fleetFile, '--json'], off);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ agentRuns: 200, failedRuns: 0, failureReason: {}, closeReason: {}, retrySafe: { true: 0, false: 0 } });
    const table = await cli(['classify', fleetFile], off);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('200 agent run(s)');
    expect(table.stdout).not.toContain('AFTER: failure.reason');
    expect(table.stdout).toContain('AGENT_FAILURE_ENABLED=false');
  });

  it('--output copies the input unchanged', async () => {
    const out = join(dir, 'disabled-copy.jsonl');
    const r = await cli(['classify', fleetFile, '-o', out], off);
    expect(r.code).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(fleetFile));
  });

  it('is stated in the help', async () => {
    expect((await cli(['classify', '--help'])).stdout).toContain('AGENT_FAILURE_ENABLED=false');
  });
});

describe('unknown flags and commands', () => {
  it('prints a clean message for an unknown flag', async () => {
    const r = await cli(['classify', fleetFile, '--frob']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('otel-agent-failure: unknown option "--frob"');
    expect(r.stderr).not.toContain("'");
    expect(r.stderr).toContain('otel-agent-failure classify --help');
  });

  it('suggests the nearest flag or command', async () => {
    expect((await cli(['classify', fleetFile, '--jsno'])).stderr).toContain('did you mean --json?');
    expect((await cli(['explain', 'x', '--exitcode', '1'])).stderr).toContain('did you mean --exit-code?');
    expect((await cli(['classify', fleetFile, '--outptu', 'x'])).stderr).toContain('did you mean --output?');
    const cmd = await cli(['clasify', fleetFile]);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('unknown command "clasify"; did you mean "classify"?');
    expect((await cli(['help', 'explian'])).stderr).toContain('did you mean "explain"?');
    // Nothing near: no suggestion.
    expect((await cli(['frobnicate'])).stderr).not.toContain('did you mean');
    expect((await cli(['classify', fleetFile, '-x'])).stderr).not.toContain('did you mean');
  });

  it('says which option lacks its value', async () => {
    const r = await cli(['classify', fleetFile, '--output']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('otel-agent-failure: option --output needs a value');
  });
});

describe('span text in the output is redacted', () => {
  const secret = `sk-ant-api03-${'Q7vR2mXk9LpA4tZc8NwB1yHd6FsJ3gEu5oKi0aMn'}`;
  const email = 'jane.doe@example.com';

  it('neither the BEFORE table nor --json shows an API key or an e-mail from a status message', async () => {
    const run = (spanId: string, message: string) =>
      handSpan({ spanId, name: 'agent run', attributes: { 'gen_ai.operation.name': 'invoke_agent' }, status: { code: 2, message } });
    const path = file(
      'secrets.jsonl',
      jsonLines([
        handRequest([run('1111111111111111', `${secret} was rejected (401)`)]),
        handRequest([run('2222222222222222', `${email} has no access`)]),
        handRequest([
          handSpan({
            spanId: '3333333333333333',
            name: 'agent run',
            attributes: {
              'gen_ai.operation.name': 'invoke_agent',
              'failure.classifier.version': '1',
              'failure.reason': `mailto ${email}`,
              'failure.close_reason': secret,
              'retry.safe': false,
            },
            status: { code: 2, message: 'x' },
          }),
        ]),
      ]),
    );
    for (const args of [
      ['classify', path],
      ['classify', path, '--json'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      for (const leak of [email, 'jane.doe', secret.slice(0, 20), secret.slice(13, 25)]) expect(r.stdout, leak).not.toContain(leak);
    }
    const s = JSON.parse((await cli(['classify', path, '--json'])).stdout);
    expect(Object.keys(s.before).join(' ')).toContain('[REDACTED]');
    expect(Object.keys(s.before).join(' ')).toContain('[EMAIL]');
  });
});
