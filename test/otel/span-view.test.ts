import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { withAttributes } from '../../src/otel/span-view.js';

describe('withAttributes (the view the wrapper styles hand on)', () => {
  it('copies an SDK span under its own class, with the stamps merged and the span untouched', () => {
    const provider = new BasicTracerProvider();
    const span = provider.getTracer('t').startSpan('agent', { attributes: { a: 1 } }) as any;
    span.end();
    const view = withAttributes(span, { 'failure.reason': 'provider_network' }) as any;
    expect(Object.getPrototypeOf(view)).toBe(Object.getPrototypeOf(span));
    expect(view.spanContext()).toBe(span.spanContext());
    expect(view.events).toBe(span.events);
    expect(view.attributes).toEqual({ a: 1, 'failure.reason': 'provider_network' });
    expect(span.attributes).toEqual({ a: 1 });
  });

  it('keeps the span itself as the prototype when its class hides a field from a copy', () => {
    class HiddenField {
      readonly attributes = { a: 1 };
      constructor() {
        Object.defineProperty(this, 'secretState', { value: 42, enumerable: false });
      }
      get state(): number {
        return (this as unknown as { secretState: number }).secretState;
      }
    }
    const span = new HiddenField();
    const view = withAttributes(span, { b: 2 });
    expect(Object.getPrototypeOf(view)).toBe(span);
    expect(view.state).toBe(42);
    expect(view.attributes).toEqual({ a: 1, b: 2 });
    expect(span.attributes).toEqual({ a: 1 });
  });

  it('checks each plain-object span on its own', () => {
    const first = withAttributes({ attributes: { a: 1 } }, { b: 2 });
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    const hidden = { attributes: { a: 1 } };
    Object.defineProperty(hidden, 'state', { value: 7, enumerable: false });
    const view = withAttributes(hidden, { b: 2 }) as typeof hidden & { state: number };
    expect(view.state).toBe(7);
    expect(view.attributes).toEqual({ a: 1, b: 2 });
  });

  it('defines the attributes when the span class makes them read-only', () => {
    const span = Object.freeze({ attributes: Object.freeze({ a: 1 }) });
    const view = withAttributes(span, { b: 2 });
    expect(view.attributes).toEqual({ a: 1, b: 2 });
    expect(span.attributes).toEqual({ a: 1 });
  });
});
