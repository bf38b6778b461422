/**
 * The runnable examples run: each one, as a user would start it (node examples/x.mjs,
 * importing the built package by name), exports stamped spans to an OTLP/HTTP endpoint,
 * here a loopback server that decodes what arrives.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { otlpAttr, startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});

afterAll(() => receiver.close());

beforeEach(() => receiver.reset());

function runExample(file: string, endpoint = receiver.endpoint): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_SERVICE_NAME: 'examples-under-test',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_EXPORTER: 'otlp',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples', () => {
  it.each([
    ['examples/node-tracer-provider.mjs', 'provider_overloaded'],
    ['examples/node-sdk.mjs', 'provider_network'],
  ])('%s exports a stamped agent run', async (file, reason) => {
    const result = await runExample(file);
    expect(result.code, result.stderr).toBe(0);
    const run = receiver.spans().find((s) => s.name.startsWith('invoke_agent'));
    expect(run, JSON.stringify(receiver.requests)).toBeDefined();
    expect(otlpAttr(run!, 'failure.reason')).toEqual({ stringValue: reason });
    expect(otlpAttr(run!, 'retry.safe')).toEqual({ boolValue: true });
    expect(result.stdout).toContain(`failure.reason=${reason}`);
    expect(JSON.stringify(receiver.requests)).toContain('examples-under-test');
  });

  it.each(['examples/node-tracer-provider.mjs', 'examples/node-sdk.mjs'])('%s says so and exits 1 when nothing listens', async (file) => {
    // A loopback port nothing listens on: the receiver's own, once closed.
    const dead = await startOtlpReceiver();
    const endpoint = dead.endpoint;
    await dead.close();
    const result = await runExample(file, endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('export failed');
    expect(result.stdout).not.toContain('look for');
  });
});
