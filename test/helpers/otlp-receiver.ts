/** A loopback OTLP/HTTP (JSON) receiver for tests: it decodes and keeps what arrives. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpJsonSpan {
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

export interface OtlpReceiver {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Traces URL, for an exporter's `url`. */
  tracesUrl: string;
  /** Every request body, with its path. */
  requests: { path: string; body: any }[];
  /** Every span received, in arrival order. */
  spans(): OtlpJsonSpan[];
  /** service.name of every resource received. */
  serviceNames(): Set<string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: { path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resourceSpans = () => requests.flatMap((r) => (r.body.resourceSpans ?? []) as any[]);
  return {
    endpoint,
    tracesUrl: `${endpoint}/v1/traces`,
    requests,
    spans: () => resourceSpans().flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss: any) => ss.spans ?? [])),
    serviceNames: () =>
      new Set(
        resourceSpans().flatMap((rs) =>
          (rs.resource?.attributes ?? []).filter((kv: any) => kv.key === 'service.name').map((kv: any) => kv.value.stringValue),
        ),
      ),
    reset: () => {
      requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The value of one attribute of an OTLP JSON span. */
export function otlpAttr(span: OtlpJsonSpan, key: string): Record<string, unknown> | undefined {
  return span.attributes?.find((a) => a.key === key)?.value;
}
