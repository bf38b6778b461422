// Register the processor in an existing NodeTracerProvider and export over OTLP/HTTP.
//
//   npm run build && node examples/node-tracer-provider.mjs
//
// Spans go to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT
// (default http://localhost:4318/v1/traces), e.g. the Jaeger of examples/jaeger, under the
// service OTEL_SERVICE_NAME (default agent-host-example). Exits 1 when the export fails.
import { SpanStatusCode, diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AgentFailureSpanProcessor, recordRuntimeClose } from 'otel-agent-failure';
import { reportingExporter } from './reporting-exporter.mjs';

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

const exporter = reportingExporter(new OTLPTraceExporter());
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'agent-host-example' }),
  spanProcessors: [
    // Wrapping the exporting processor works on every SDK line.
    new AgentFailureSpanProcessor({ next: new BatchSpanProcessor(exporter) }),
  ],
});
provider.register();

const tracer = provider.getTracer('agent-host');
const run = tracer.startSpan('invoke_agent claude-code', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
recordRuntimeClose(run, {
  closeReason: 'exit_nonzero',
  exitCode: 1,
  stderrTail: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
});
run.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
run.end();

await provider.shutdown();
exporter.report('failure.reason=provider_overloaded');
