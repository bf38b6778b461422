/**
 * A view of a finished span with extra attributes merged in, for the wrapper styles where
 * the span is already ended. The view shares the span's class and its field values (the span
 * context, resource, instrumentation scope, events and links are the original objects), so
 * every method and getter of the SDK's span reads the same data; only `attributes` is a new
 * object. The SDK's own span and attributes object are never mutated.
 */
import type { Attributes } from '@opentelemetry/api';

/**
 * Per span class, whether its spans keep every field as an own enumerable property (the SDK
 * lines do), so that a copy of them is the whole span. Checked once per class.
 */
const copyable = new WeakMap<object, boolean>();

const allFieldsEnumerable = (span: object): boolean =>
  Object.getOwnPropertySymbols(span).length === 0 &&
  Object.getOwnPropertyNames(span).every((k) => Object.prototype.propertyIsEnumerable.call(span, k));

function isCopyable(span: object, proto: object | null): boolean {
  if (proto === null) return false;
  // Plain objects share one prototype but not one shape: each is checked.
  if (proto === Object.prototype) return allFieldsEnumerable(span);
  let known = copyable.get(proto);
  if (known === undefined) copyable.set(proto, (known = allFieldsEnumerable(span)));
  return known;
}

export function withAttributes<T extends { readonly attributes: Attributes }>(span: T, extra: Attributes): T {
  const merged: Attributes = Object.assign({}, span.attributes, extra);
  const proto = Object.getPrototypeOf(span) as object | null;
  // A copy of the span's own fields under its own prototype, not an object whose prototype is
  // the span: V8 made every ended span a prototype (a new prototype map each time, several
  // microseconds per span) and the exporter read such views slowly. A span class with hidden
  // or symbol-keyed fields keeps the span itself as the view's prototype.
  const view = (isCopyable(span, proto) ? Object.assign(Object.create(proto) as object, span) : Object.create(span)) as {
    attributes: Attributes;
  };
  try {
    view.attributes = merged;
  } catch {
    // A read-only `attributes`: defined below.
  }
  if (view.attributes !== merged) {
    Object.defineProperty(view, 'attributes', { value: merged, enumerable: true, configurable: true, writable: true });
  }
  return view as unknown as T;
}
