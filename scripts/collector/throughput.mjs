#!/usr/bin/env node
// Collector throughput with the generated configuration (a script, not a test): starts the
// pinned Collector (scripts/e2e/collector.sh) with `collector-config --output pipeline`,
// sends spans over OTLP/HTTP, and reports spans/s once the last one came back out to a
// loopback receiver, with the Collector's CPU time.
//   npm run build && node scripts/collector/throughput.mjs [spans=20000] [failed|ordinary]
// failed: failed agent runs with ~1 KiB stderr tails (every span classified);
// ordinary: successful spans of other kinds (what most of a gateway's traffic is).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = Number(process.argv[2] ?? 20000);
const BATCH = 500;
const ORDINARY = process.argv[3] === 'ordinary';
const PORT = process.env.COLLECTOR_OTLP_HTTP_PORT ?? '14318';
const dir = mkdtempSync(path.join(os.tmpdir(), 'aaf-throughput-'));

// Varied real-looking tails: a provider error at the end of ~1 KiB of log noise.
const ERRORS = [
  'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
  'Error: spawn npx ENOENT while starting MCP server "github"',
  'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  'stream disconnected before completion: error sending request for url (https://api.openai.com/v1/responses)',
  'prompt is too long: 215000 tokens > 200000 maximum',
  'something went wrong',
];
function tail(i) {
  let noise = '';
  while (noise.length < 1024 - 150) noise += `[${i}] step ${noise.length} ok: read file src/module${noise.length % 97}.ts\n`;
  return noise + ERRORS[i % ERRORS.length];
}
const hex = (n, len) => n.toString(16).padStart(len, '0');
function request(from, count) {
  const spans = [];
  for (let i = from; i < from + count; i++) {
    if (ORDINARY) {
      spans.push({
        traceId: hex(i + 1, 32),
        spanId: hex(i + 1, 16),
        name: 'GET /api/items',
        kind: 2,
        startTimeUnixNano: '1700000000000000000',
        endTimeUnixNano: '1700000001000000000',
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'http.response.status_code', value: { intValue: '200' } },
          { key: 'url.path', value: { stringValue: `/api/items/${i}` } },
        ],
        status: { code: 0 },
      });
      continue;
    }
    spans.push({
      traceId: hex(i + 1, 32),
      spanId: hex(i + 1, 16),
      name: 'invoke_agent bench',
      kind: 1,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'invoke_agent' } }],
      events: [
        {
          name: 'runtime_close',
          timeUnixNano: '1700000001000000000',
          attributes: [
            { key: 'rpc_close_reason', value: { stringValue: 'exit_nonzero' } },
            { key: 'exit_code', value: { intValue: '1' } },
            { key: 'stderr_tail', value: { stringValue: tail(i) } },
          ],
        },
      ],
      status: { code: 2, message: 'execution_failed' },
    });
  }
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] });
}

let received = 0;
let stamped = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/v1/traces') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? []) {
            received++;
            if ((s.attributes ?? []).some((a) => a.key === 'failure.reason')) stamped++;
          }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const sink = `http://127.0.0.1:${server.address().port}`;

const config = path.join(dir, 'pipeline.yaml');
const gen = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'collector-config', '--output', 'pipeline'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
if (gen.status !== 0) throw new Error(gen.stderr);
writeFileSync(config, process.env.THROUGHPUT_CONFIG ? readFileSync(process.env.THROUGHPUT_CONFIG, 'utf8') : gen.stdout);
const overlay = path.join(dir, 'overlay.yaml');
writeFileSync(
  overlay,
  'exporters:\n  otlp_http/traces: { encoding: json, compression: none }\n  otlp_http/metrics: { encoding: json, compression: none }\n',
);
const env = {
  ...process.env,
  COLLECTOR_OTLP_HTTP_PORT: PORT,
  AGENT_FAILURE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${PORT}`,
  AGENT_FAILURE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${process.env.COLLECTOR_OTLP_GRPC_PORT ?? '14317'}`,
  AGENT_FAILURE_BACKEND_ENDPOINT: sink,
  AGENT_FAILURE_METRICS_ENDPOINT: sink,
};
const collector = (...args) => spawnSync('bash', [path.join(ROOT, 'scripts/e2e/collector.sh'), ...args], { encoding: 'utf8', env });
const started = collector('start', config, overlay);
if (started.status !== 0) throw new Error(started.stdout + started.stderr);
const pid = Number(readFileSync(path.join(os.homedir(), '.cache/otel-agent-failure/run/collector/collector.pid'), 'utf8').trim());
const cpu = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
};
try {
  const bodies = [];
  for (let i = 0; i < TOTAL; i += BATCH) bodies.push(request(i, Math.min(BATCH, TOTAL - i)));
  const cpu0 = cpu();
  const t0 = performance.now();
  for (let i = 0; i < bodies.length; i += 4) {
    await Promise.all(
      bodies
        .slice(i, i + 4)
        .map((b) =>
          fetch(`http://127.0.0.1:${PORT}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b }).then(
            (r) => r.text(),
          ),
        ),
    );
  }
  while (received < TOTAL && performance.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpu() - cpu0;
  console.log(
    JSON.stringify(
      {
        kind: ORDINARY ? 'ordinary spans' : 'failed agent runs, ~1 KiB stderr tail',
        spans: TOTAL,
        received,
        stamped,
        seconds: Number(seconds.toFixed(2)),
        spansPerSecond: Math.round(received / seconds),
        collectorCpuSeconds: cpuSeconds,
        spansPerCpuSecond: Math.round(received / cpuSeconds),
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model,
      },
      null,
      2,
    ),
  );
} finally {
  collector('stop');
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
