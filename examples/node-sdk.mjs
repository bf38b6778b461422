// Use the exporter wrapper with NodeSDK, which takes a traceExporter.
//
//   npm run build && node examples/node-sdk.mjs
//
// Spans go to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT
// (default http://localhost:4318/v1/traces).
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AgentFailureSpanExporter } from 'otel-agent-failure';

const sdk = new NodeSDK({
  serviceName: 'agent-host-example',
  traceExporter: new AgentFailureSpanExporter(new OTLPTraceExporter()),
  instrumentations: [],
});
sdk.start();

const tracer = trace.getTracer('agent-host');
const run = tracer.startSpan('invoke_agent codex', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
run.recordException(Object.assign(new Error('stream disconnected before completion: error sending request'), { name: 'CodexError' }));
run.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
run.end();

await sdk.shutdown();
console.log('exported one failed agent run; look for failure.reason=provider_network in your backend');
