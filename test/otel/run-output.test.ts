/**
 * The run's output on a span that ended OK: only provably empty output is `empty_output`, in
 * every message shape the GenAI conventions and the major SDKs use; anything else is output.
 * Real providers and exporters, every registration style of the newest SDK.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { byName, SDK_LINES, setupPipeline, type RegistrationStyle } from '../helpers/test-helpers.js';

const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
const AGENT = { 'gen_ai.operation.name': 'invoke_agent' };

const REAL_OUTPUTS: [string, string | string[]][] = [
  ['GenAI parts', '[{"role":"assistant","parts":[{"type":"text","content":"The answer is 42."}]}]'],
  ['Anthropic content blocks', '[{"type":"text","text":"The answer is 42, because…"}]'],
  ['Anthropic message', '{"role":"assistant","content":[{"type":"text","text":"Done."}]}'],
  [
    'OpenAI tool calls only',
    '[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"read","arguments":"{}"}}]}]',
  ],
  ['a message field', '[{"role":"assistant","message":"Refactored the parser."}]'],
  ['GenAI tool-call part', '[{"role":"assistant","parts":[{"type":"tool_call","name":"bash","arguments":{"cmd":"ls"}}]}]'],
  ['an image part', '[{"role":"assistant","parts":[{"type":"image","uri":"https://example.com/a.png"}]}]'],
  ['an unknown JSON shape', '{"answer":42}'],
  ['plain text', 'All tests pass.'],
  ['a string array', ['first part', 'second part']],
];

const EMPTY_OUTPUTS: [string, string | string[]][] = [
  ['an empty string', ''],
  ['whitespace', '   \n'],
  ['an empty JSON array', '[]'],
  ['GenAI parts with empty text', '[{"role":"assistant","parts":[{"type":"text","content":""}],"finish_reason":"stop"}]'],
  ['Anthropic block with empty text', '[{"type":"text","text":"  "}]'],
  ['OpenAI message with null content', '[{"role":"assistant","content":null}]'],
  ['an empty string array', []],
];

for (const style of ['beside', 'wrapper', 'exporter'] as RegistrationStyle[]) {
  describe(`a run that ended OK (${style})`, () => {
    async function stampsFor(output: string | string[]): Promise<Record<string, unknown>> {
      const p = setupPipeline(newest, style);
      const span = p.tracer.startSpan('agent', { attributes: { ...AGENT, 'gen_ai.output.messages': output } });
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
      return byName(await p.finished(), 'agent').attributes;
    }

    it.each(REAL_OUTPUTS)('with %s is not stamped', async (_name, output) => {
      const attrs = await stampsFor(output);
      expect(attrs['failure.reason']).toBeUndefined();
      expect(attrs['error.type']).toBeUndefined();
    });

    it.each(EMPTY_OUTPUTS)('with %s is empty_output', async (_name, output) => {
      const attrs = await stampsFor(output);
      expect(attrs['failure.reason']).toBe('empty_output');
      expect(attrs['failure.rule']).toBe('fact.output_empty');
    });
  });
}
