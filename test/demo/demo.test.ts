/**
 * `node dist/demo.js`: the simulated fleet through a real SDK pipeline. Checks the printed
 * tables, determinism, and — with an OTLP endpoint set — that the real OTLP/HTTP exporter
 * delivers the same stamped spans to a (local) receiver.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { distFile, runNode, type RunResult } from '../helpers/dist-helpers.js';
import { otlpAttr, startOtlpReceiver } from '../helpers/otlp-receiver.js';

let first: RunResult;
beforeAll(async () => {
  first = await runNode([distFile('demo.js')]);
});

/** The count printed for a bucket: its first row (the failure.reason table comes first). */
function count(output: string, label: string): number | undefined {
  const m = new RegExp(`(?:^|\\s)${label}\\s+(\\d+)\\s+[\\d.]+%`, 'm').exec(output);
  return m ? Number(m[1]) : undefined;
}

describe('npm run demo', () => {
  it('prints BEFORE and AFTER tables with the refined buckets', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const out = first.stdout;
    expect(out).toContain('BEFORE: span status');
    expect(out).toContain('ERROR execution_failed');
    expect(out).toContain('ERROR agent_error');
    expect(out).toContain('AFTER: failure.reason');
    expect(out).toContain('AFTER: failure.close_reason');
    for (const reason of [
      'provider_rate_limit',
      'provider_overloaded',
      'context_overflow',
      'provider_network',
      'stream_error',
      'exit_nonzero',
      'fatal_rpc_error',
      'cancelled',
      'run_timeout',
      'empty_output',
      'tool_error',
    ]) {
      expect(out, reason).toMatch(new RegExp(`\\b${reason}\\s+\\d+\\s+[\\d.]+%\\s+[█▏▎▍▌▋▊▉]`));
    }
    for (const close of ['exit_nonzero', 'stream_error', 'fatal_rpc_error', 'cancel_requested', 'timeout', 'empty_output', 'signal']) {
      expect(out, close).toMatch(new RegExp(`\\b${close}\\s+\\d+\\s+[\\d.]+%`));
    }
    expect(out).toMatch(/retry\.safe=true\s+\d+/);
    expect(out).toMatch(/retry\.safe=false\s+\d+/);
    expect(out).toMatch(/retry\.safe: \d+ safe to retry as they are, \d+ not\./);
    expect(out).toContain('Set OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(out).not.toContain('\u001b[');
    expect(count(out, 'provider_rate_limit')).toBeGreaterThan(0);
    // An MCP tool's 401 the run repeats is the tool's failure (its span failed), not the provider's.
    expect(out).toMatch(/failure\.reason=tool_error [^\n]*\n {4}failure\.detail="GitHub API error: 401"/);
  });

  it('fits 100 columns when stdout is not a terminal', () => {
    const widths = first.stdout.split('\n').map((line) => [...line].length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(100);
  });

  it('is deterministic', async () => {
    const second = await runNode([distFile('demo.js')]);
    expect(second.stdout).toBe(first.stdout);
  });

  it('also exports the stamped spans over OTLP/HTTP when an endpoint is set', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const r = await runNode([distFile('demo.js')], {
        env: {
          PATH: process.env.PATH ?? '',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_SERVICE_NAME: 'my-agent-fleet',
        },
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(`OTLP: exported \\d+ spans \\(service.name=my-agent-fleet\\) to ${receiver.tracesUrl.replace(/[.]/g, '\\.')}`),
      );
      expect(receiver.requests.every((r) => r.path === '/v1/traces')).toBe(true);
      const reasons = new Map<string, number>();
      for (const span of receiver.spans()) {
        const reason = otlpAttr(span, 'failure.reason')?.stringValue as string | undefined;
        if (reason !== undefined && reason !== 'execution_failed') reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      expect([...receiver.serviceNames()]).toEqual(['my-agent-fleet']);
      // Same counts as the printed table: the stamps reached the OTLP exporter too.
      for (const reason of ['provider_rate_limit', 'run_timeout', 'fatal_rpc_error', 'empty_output']) {
        expect(reasons.get(reason), reason).toBe(count(first.stdout, reason));
      }
    } finally {
      await receiver.close();
    }
  });
});
