/**
 * A view of a finished span with extra attributes merged in, for the wrapper styles where
 * the span is already ended. The view's prototype is the original span, so `spanContext()`,
 * `resource`, the instrumentation scope, events and every getter are the original objects;
 * only `attributes` is a new object. The SDK's own attributes object is never mutated.
 */
import type { Attributes } from '@opentelemetry/api';

export function withAttributes<T extends { readonly attributes: Attributes }>(span: T, extra: Attributes): T {
  const merged: Attributes = Object.assign({}, span.attributes, extra);
  return Object.create(span, {
    attributes: { value: merged, enumerable: true, configurable: true, writable: true },
  }) as T;
}
