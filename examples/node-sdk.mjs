// Use the exporter wrapper with NodeSDK, which takes a traceExporter.
//
//   npm run build && node examples/node-sdk.mjs
//
// Spans go to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT
// (default http://localhost:4318/v1/traces), under the service OTEL_SERVICE_NAME (default
// agent-host-example). Exits 1 when the export fails.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AgentFailureSpanExporter } from 'otel-agent-failure';
import { reportingExporter } from './reporting-exporter.mjs';

const exporter = reportingExporter(new OTLPTraceExporter());
const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME || 'agent-host-example',
  traceExporter: new AgentFailureSpanExporter(exporter),
  instrumentations: [],
});
sdk.start();

const tracer = trace.getTracer('agent-host');
const run = tracer.startSpan('invoke_agent codex', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
run.recordException(Object.assign(new Error('stream disconnected before completion: error sending request'), { name: 'CodexError' }));
run.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
run.end();

// NodeSDK rejects shutdown when the last export failed; the exporter reports it below.
await sdk.shutdown().catch(() => {});
exporter.report('failure.reason=provider_network');
