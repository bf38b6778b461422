/**
 * The runnable examples run: each one, as a user would start it (node examples/x.mjs,
 * importing the built package by name), exports stamped spans to an OTLP/HTTP endpoint,
 * here a loopback server that decodes what arrives.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let server: Server;
let endpoint: string;
let spans: { name: string; attributes?: { key: string; value: Record<string, unknown> }[] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  spans = [];
});

function runExample(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_EXPORTER: 'otlp' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const attr = (span: (typeof spans)[number], key: string) => span.attributes?.find((a) => a.key === key)?.value;

describe('examples', () => {
  it.each([
    ['examples/node-tracer-provider.mjs', 'provider_overloaded'],
    ['examples/node-sdk.mjs', 'provider_network'],
  ])('%s exports a stamped agent run', async (file, reason) => {
    const result = await runExample(file);
    expect(result.code, result.stderr).toBe(0);
    const run = spans.find((s) => s.name.startsWith('invoke_agent'));
    expect(run, JSON.stringify(spans)).toBeDefined();
    expect(attr(run!, 'failure.reason')).toEqual({ stringValue: reason });
    expect(attr(run!, 'retry.safe')).toEqual({ boolValue: true });
    expect(result.stdout).toContain(`failure.reason=${reason}`);
  });
});
