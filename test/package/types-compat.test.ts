/**
 * Type tests: the public API is typed with @opentelemetry/api types and small structural
 * interfaces, so it fits every SDK line without importing one. `npm test` type-checks this
 * file (tsc); a processor or exporter that stopped fitting a line fails the build.
 */
import * as sdk2 from '@opentelemetry/sdk-trace-base';
import * as sdk130 from 'sdk-trace-base-1.30';
import * as sdk20 from 'sdk-trace-base-2.0';
import * as sdk22 from 'sdk-trace-base-2.2';
import * as sdk3 from '../sdk3/sdk-trace-3.js';
import { describe, expectTypeOf, it } from 'vitest';
import {
  AgentFailureSpanExporter,
  AgentFailureSpanProcessor,
  classifyFailure,
  createClassifier,
  FAILURE_REASONS,
  type FailureEvidence,
  type FailureReason,
  type FailureVerdict,
} from '../../src/index.js';
import { traceChildProcess, type ChildProcessTrace } from '../../src/node.js';

describe('types fit every SDK line', () => {
  it('the processor is a SpanProcessor of sdk-trace-base 1.30, 2.0, 2.2, 2.x and sdk-trace 3.x', () => {
    expectTypeOf<AgentFailureSpanProcessor>().toExtend<sdk130.SpanProcessor>();
    expectTypeOf<AgentFailureSpanProcessor>().toExtend<sdk20.SpanProcessor>();
    expectTypeOf<AgentFailureSpanProcessor>().toExtend<sdk22.SpanProcessor>();
    expectTypeOf<AgentFailureSpanProcessor>().toExtend<sdk2.SpanProcessor>();
    expectTypeOf<AgentFailureSpanProcessor>().toExtend<sdk3.SpanProcessor>();
  });

  it('the exporter is a SpanExporter of every line', () => {
    expectTypeOf<AgentFailureSpanExporter>().toExtend<sdk130.SpanExporter>();
    expectTypeOf<AgentFailureSpanExporter>().toExtend<sdk20.SpanExporter>();
    expectTypeOf<AgentFailureSpanExporter>().toExtend<sdk22.SpanExporter>();
    expectTypeOf<AgentFailureSpanExporter>().toExtend<sdk2.SpanExporter>();
    expectTypeOf<AgentFailureSpanExporter>().toExtend<sdk3.SpanExporter>();
  });

  it("each line's processors and exporters are accepted as `next` and as the wrapped exporter", () => {
    expectTypeOf<sdk130.BatchSpanProcessor>().toExtend<NonNullable<ConstructorParameters<typeof AgentFailureSpanProcessor>[0]>['next']>();
    expectTypeOf<sdk3.BatchSpanProcessor>().toExtend<NonNullable<ConstructorParameters<typeof AgentFailureSpanProcessor>[0]>['next']>();
    expectTypeOf<sdk130.InMemorySpanExporter>().toExtend<ConstructorParameters<typeof AgentFailureSpanExporter>[0]>();
    expectTypeOf<sdk3.InMemorySpanExporter>().toExtend<ConstructorParameters<typeof AgentFailureSpanExporter>[0]>();
  });
});

describe('the classifier and the taxonomy', () => {
  it('classifies evidence into a verdict whose reason is a taxonomy literal', () => {
    expectTypeOf(classifyFailure).parameter(0).toEqualTypeOf<FailureEvidence>();
    expectTypeOf(classifyFailure).returns.toEqualTypeOf<FailureVerdict>();
    expectTypeOf(createClassifier).returns.toEqualTypeOf<(evidence: FailureEvidence) => FailureVerdict>();
    expectTypeOf<FailureVerdict['reason']>().toEqualTypeOf<FailureReason>();
    expectTypeOf<'provider_rate_limit'>().toExtend<FailureReason>();
    expectTypeOf<'rate_limited'>().not.toExtend<FailureReason>();
    expectTypeOf(FAILURE_REASONS).toEqualTypeOf<readonly import('../../src/index.js').FailureReasonInfo[]>();
  });

  it('traceChildProcess comes from the ./node entry and returns its handle', () => {
    expectTypeOf(traceChildProcess).returns.toEqualTypeOf<ChildProcessTrace>();
  });
});
