/**
 * A view of a finished span with extra attributes merged in, for the wrapper styles where
 * the span is already ended. The view shares the span's class and its field values (the span
 * context, resource, instrumentation scope, events and links are the original objects), so
 * every method and getter of the SDK's span reads the same data; only `attributes` is a new
 * object. The SDK's own span and attributes object are never mutated.
 */
import type { Attributes } from '@opentelemetry/api';

export function withAttributes<T extends { readonly attributes: Attributes }>(span: T, extra: Attributes): T {
  const merged: Attributes = Object.assign({}, span.attributes, extra);
  // A copy of the span's own fields under its own prototype, not an object whose prototype is
  // the span: making each ended span a prototype cost V8 several microseconds per span (a new
  // prototype map every time) and left views the exporter read slowly.
  const view = Object.assign(Object.create(Object.getPrototypeOf(span) as object) as object, span) as { attributes: Attributes };
  try {
    view.attributes = merged;
  } catch {
    // A read-only `attributes` (no SDK has one): defined below.
  }
  if (view.attributes !== merged) {
    Object.defineProperty(view, 'attributes', { value: merged, enumerable: true, configurable: true, writable: true });
  }
  return view as unknown as T;
}
