/**
 * The built CLI (`node dist/cli.js`) as a child process: help, version, explain, classify
 * on files made from real SDK spans, malformed and unreadable input, a large file, and the
 * --output round trip.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, distFile, ROOT } from '../helpers/dist-helpers.js';
import { fleetSpans, handRequest, handSpan, jsonLines, otlpRequests } from '../helpers/otlp-helpers.js';

let dir: string;
let fleetFile: string;
beforeAll(async () => {
  distFile('cli.js');
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  fleetFile = join(dir, 'fleet.jsonl');
  writeFileSync(fleetFile, jsonLines(otlpRequests(await fleetSpans(42, 200), 50, true)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('help and version', () => {
  it('prints the tool help and the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('explain <error text>');
    expect(help.stdout).toContain('classify <file>');
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(version);
  });

  it('prints help for every command, both ways', async () => {
    for (const [command, marker] of [
      ['explain', '--exit-code <n>'],
      ['classify', '--output <file>'],
    ] as const) {
      const a = await cli([command, '--help']);
      const b = await cli(['help', command]);
      expect(a.code).toBe(0);
      expect(a.stdout).toContain(`Usage: otel-agent-failure ${command}`);
      expect(a.stdout).toContain(marker);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('exits 2 on usage errors, with a pointer to the help', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = await cli(['classify', fleetFile, '--frob']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('unknown option "--frob"');
    expect(badOption.stderr).toContain('otel-agent-failure classify --help');
    expect((await cli(['explain'])).code).toBe(2);
    expect((await cli(['explain', 'x', '--exit-code', 'one'])).stderr).toContain('--exit-code expects a whole number');
    expect((await cli(['explain', 'x', '--close-reason', 'sideways'])).code).toBe(2);
    expect((await cli(['classify'])).code).toBe(2);
    expect((await cli(['classify', 'a', 'b'])).code).toBe(2);
  });
});

describe('the bin', () => {
  it('is a self-contained ESM script with a shebang and no runtime dependency', () => {
    const text = readFileSync(distFile('cli.js'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const imports = [...text.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((spec) => !builtinModules.includes((spec ?? '').replace(/^node:/, '')))).toEqual([]);
    expect(text).not.toMatch(/require\(["']@opentelemetry/);
  });
});

describe('explain', () => {
  it('prints a readable verdict', async () => {
    const r = await cli([
      'explain',
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":null}',
      '--exit-code',
      '1',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reason\s+provider_overloaded$/m);
    expect(r.stdout).toMatch(/^category\s+provider$/m);
    expect(r.stdout).toMatch(/^retry safe\s+yes$/m);
    expect(r.stdout).toMatch(/^resume safe\s+yes$/m);
    expect(r.stdout).toMatch(/^rule\s+overloaded\.named$/m);
    expect(r.stdout).toMatch(/^evidence\s+text$/m);
    expect(r.stdout).toMatch(/^detail\s+.*overloaded_error/m);
  });

  it('prints JSON with --json, including retry-after and the close reason', async () => {
    const r = await cli([
      'explain',
      '429 Rate limit reached for gpt-4o in organization org-XXXXXXXXXXXXXXXXXXXXXXXX on tokens per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms.',
      '--close-reason',
      'exit_nonzero',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({
      reason: 'provider_rate_limit',
      category: 'provider',
      retrySafe: true,
      resumeSafe: true,
      retryAfterMs: 644,
      closeReason: 'exit_nonzero',
      evidence: 'text',
    });
    expect(typeof v.description).toBe('string');
  });

  it('uses the structured facts', async () => {
    const crash = JSON.parse((await cli(['explain', '--signal', 'SIGKILL', '--json'])).stdout);
    expect(crash.reason).toBe('process_crash');
    const status = JSON.parse((await cli(['explain', '--http-status', '429', '--json'])).stdout);
    expect(status).toMatchObject({ reason: 'provider_rate_limit', rule: 'http.429' });
    const timeout = JSON.parse(
      (await cli(['explain', 'Error: Claude Code process exited with code 1', '--close-reason', 'timeout', '--json'])).stdout,
    );
    expect(timeout.reason).toBe('run_timeout');
    const notInstalled = JSON.parse((await cli(['explain', '--exit-code', '127', '--json'])).stdout);
    expect(notInstalled.reason).toBe('cli_not_installed');
  });

  it('reads the text from stdin with "-"', async () => {
    const r = await cli(['explain', '-', '--json'], { input: '❌ Failed to launch Claude Code: spawn claude ENOENT\n' });
    expect(JSON.parse(r.stdout).reason).toBe('cli_not_installed');
  });
});

describe('classify', () => {
  it('prints the bucket tables', async () => {
    const r = await cli(['classify', fleetFile]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('200 agent run(s)');
    expect(r.stdout).toContain('AFTER: failure.reason');
    expect(r.stdout).toContain('AFTER: failure.close_reason');
    expect(r.stdout).toContain('AFTER: retry.safe');
    expect(r.stdout).toContain('BEFORE: span status');
    expect(r.stdout).toMatch(/provider_rate_limit\s+\d+\s+[\d.]+%\s+█/);
    expect(r.stdout).toMatch(/retry\.safe: \d+ of \d+ failed runs are safe to retry/);
    // Not a terminal: no colour codes.
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints JSON counts with --json', async () => {
    const r = await cli(['classify', fleetFile, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ format: 'jsonl', agentRuns: 200, malformed: 0, errors: [] });
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(s.failureReason)).toBe(s.failedRuns);
    expect(sum(s.closeReason)).toBe(s.failedRuns);
    expect(s.retrySafe.true + s.retrySafe.false).toBe(s.failedRuns);
    expect(sum(s.before)).toBe(200);
  });

  it('reports a bad line in the middle, processes the rest and exits 0', async () => {
    const lines = readFileSync(fleetFile, 'utf8').trimEnd().split('\n');
    const good = JSON.parse((await cli(['classify', fleetFile, '--json'])).stdout);
    lines.splice(2, 0, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":');
    const bad = join(dir, 'bad-middle.jsonl');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const r = await cli(['classify', bad, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 malformed line(s)/record(s)');
    expect(r.stderr).toContain(`${bad}:3: invalid JSON`);
    const s = JSON.parse(r.stdout);
    expect(s.malformed).toBe(1);
    expect(s.errors[0]).toMatchObject({ line: 3 });
    expect(s.failureReason).toEqual(good.failureReason);
    expect(s.agentRuns).toBe(good.agentRuns);
  });

  it('exits 1 naming the file when it cannot be read or holds nothing usable', async () => {
    const missing = join(dir, 'does-not-exist.jsonl');
    const r = await cli(['classify', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toContain('ENOENT');
    expect(r.stdout).toBe('');

    const isDir = await cli(['classify', dir]);
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toContain('is a directory');

    const garbage = join(dir, 'garbage.jsonl');
    writeFileSync(garbage, 'not json\n{"also": "not otlp"}\n');
    const g = await cli(['classify', garbage]);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain(`no OTLP trace records in ${garbage}: all 2 line(s)/record(s) are malformed`);
    expect(g.stderr).toContain(`${garbage}:1: invalid JSON`);

    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const e = await cli(['classify', empty]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('the file is empty');
  });

  it('handles a file of several thousand spans, with progress on request', async () => {
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, jsonLines(otlpRequests(await fleetSpans(99, 5000), 500, true)));
    // One pass (no output, or a file): the total is not known while it runs.
    const r = await cli(['classify', big, '--json', '--progress']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.agentRuns).toBe(5000);
    expect(s.spans).toBeGreaterThan(10_000);
    expect(r.stderr).toContain('classified 10000 spans...');
    expect(r.stderr).not.toContain('scanned');
    const quiet = await cli(['classify', big, '--json']);
    expect(quiet.stderr).toBe('');
    // Two passes (stdout cannot be taken back): the first counts the spans for the second.
    const piped = await cli(['classify', big, '--output', '-', '--progress']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toContain('scanned 10000 spans');
    expect(piped.stderr).toContain(`classified 10000/${s.spans} spans`);
  });

  it('writes the same stamped traces in one pass (to a file) as in two (to stdout)', async () => {
    const fleet = join(dir, 'fleet-one-vs-two.jsonl');
    writeFileSync(fleet, jsonLines(otlpRequests(await fleetSpans(5, 1500), 50, true)));
    const out = join(dir, 'fleet-one-pass.jsonl');
    const onePass = await cli(['classify', fleet, '--output', out, '--json']);
    expect(onePass.code).toBe(0);
    expect(JSON.parse(onePass.stdout).failedRuns).toBeGreaterThan(100);
    const twoPasses = await cli(['classify', fleet, '--output', '-']);
    expect(twoPasses.code).toBe(0);
    expect(twoPasses.stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('--output writes stamped traces; classifying them again gives the same counts', async () => {
    const out = join(dir, 'stamped.jsonl');
    const first = await cli(['classify', fleetFile, '--output', out, '--json']);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.output).toBe(out);
    const again = await cli(['classify', out, '--json']);
    const b = JSON.parse(again.stdout);
    for (const key of ['agentRuns', 'failedRuns', 'failureReason', 'closeReason', 'retrySafe', 'before'] as const)
      expect(b[key]).toEqual(a[key]);

    // The stamps are in the file, typed as the Collector writes them.
    let stampedRuns = 0;
    for (const line of readFileSync(out, 'utf8').trimEnd().split('\n')) {
      for (const rs of JSON.parse(line).resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            const attrs = new Map<string, any>(span.attributes.map((kv: any) => [kv.key, kv.value]));
            if (!attrs.has('failure.classifier.version')) continue;
            stampedRuns++;
            expect(Object.keys(attrs.get('failure.reason'))).toEqual(['stringValue']);
            expect(Object.keys(attrs.get('retry.safe'))).toEqual(['boolValue']);
            expect(Object.keys(attrs.get('retry.resume_safe'))).toEqual(['boolValue']);
            expect(Object.keys(attrs.get('failure.category'))).toEqual(['stringValue']);
            if (attrs.has('failure.retry_after_ms')) expect(typeof attrs.get('failure.retry_after_ms').intValue).toBe('string');
          }
        }
      }
    }
    expect(stampedRuns).toBe(a.failedRuns);

    const table = await cli(['classify', fleetFile, '-o', join(dir, 'stamped2.jsonl')]);
    expect(table.stdout).toContain(`stamped traces written to ${join(dir, 'stamped2.jsonl')}`);
  });

  it('refines a single hand-written Collector span with a string status code', async () => {
    const path = join(dir, 'hand.jsonl');
    writeFileSync(
      path,
      jsonLines([
        handRequest([
          handSpan({
            spanId: '1111111111111111',
            name: 'gemini run',
            attributes: { 'gen_ai.operation.name': 'invoke_agent', 'failure.reason': 'agent_error' },
            status: {
              code: 'STATUS_CODE_ERROR',
              message:
                '[API Error: got status: UNAVAILABLE. {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}]',
            },
          }),
        ]),
      ]),
    );
    const s = JSON.parse((await cli(['classify', path, '--json'])).stdout);
    expect(s.failureReason).toEqual({ provider_overloaded: 1 });
    expect(s.closeReason).toEqual({ '(no close reason)': 1 });
  });
});
