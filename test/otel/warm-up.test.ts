/**
 * The warm-up: the processor builds the classifier's tables off the span path, soon after
 * construction. This file checks the module state, so its tests run in this order, alone.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ruleTablesBuilt } from '../../src/core/classify/rule-engine.js';
import { identifierScannerBuilt } from '../../src/core/classify/identifier-engine.js';
import { cueScannersBuilt } from '../../src/core/classify/cue-engine.js';
import { lociBuilt } from '../../src/core/classify/outcome.js';
import { learnedModelBuilt } from '../../src/core/classify/learned-model.js';
import { AgentFailureSpanProcessor } from '../../src/index.js';

const built = (): boolean[] => [ruleTablesBuilt(), identifierScannerBuilt(), cueScannersBuilt(), lociBuilt(), learnedModelBuilt()];
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('warm-up', () => {
  it('builds nothing when switched off (option or AGENT_FAILURE_WARM_UP=false)', async () => {
    new AgentFailureSpanProcessor({ env: {}, warmUp: false, next: new SimpleSpanProcessor(new InMemorySpanExporter()) });
    new AgentFailureSpanProcessor({ env: { AGENT_FAILURE_WARM_UP: 'false' }, next: new SimpleSpanProcessor(new InMemorySpanExporter()) });
    await tick();
    expect(built()).toEqual([false, false, false, false, false]);
  });

  it('builds the rule tables, scanners and learned model after construction, not inside it', async () => {
    const memory = new InMemorySpanExporter();
    const processor = new AgentFailureSpanProcessor({ env: {}, next: new SimpleSpanProcessor(memory) });
    expect(built()).toEqual([false, false, false, false, false]);
    await tick();
    expect(built()).toEqual([true, true, true, true, true]);
    // And the first run is stamped as usual.
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test');
    const span = tracer.startSpan('invoke_agent claude-code', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
    });
    span.end();
    expect(memory.getFinishedSpans()[0]!.attributes['failure.reason']).toBe('provider_rate_limit');
  });
});
