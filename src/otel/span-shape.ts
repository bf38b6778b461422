/**
 * The structural view of a finished span this package reads. It fits every SDK line (1.x
 * `ReadableSpan`, 2.x, `@opentelemetry/sdk-trace` 3.x) and spans decoded from OTLP JSON by
 * the CLI. Every value is checked on read: instrumentation may put anything anywhere.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** The parts of a span event that are read. */
export interface SpanEventLike {
  readonly name: string;
  readonly attributes?: Attributes;
}

/** The parts of a finished span that are read; `ReadableSpan` of every SDK line fits. */
export interface ReadableSpanLike {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEventLike[];
  readonly status: { readonly code: number; readonly message?: string };
  spanContext(): { traceId: string; spanId: string };
  /** SDK 2.x and later. */
  readonly parentSpanContext?: { spanId: string } | undefined;
  /** SDK 1.x. */
  readonly parentSpanId?: string | undefined;
  /** Start time as `[seconds, nanoseconds]` since the epoch, when known. */
  readonly startTime?: readonly [number, number] | undefined;
}

/** Events scanned per span for tool calls, exceptions and the close event. */
export const MAX_EVENTS_SCANNED = 1024;

/** The events of a span, or none when the value is not an array. */
export function eventsOf(span: ReadableSpanLike): readonly SpanEventLike[] {
  return Array.isArray(span.events) ? span.events : [];
}

/** The attributes of a span or event, or none when the value is not an object. */
export function attrsOf(holder: { attributes?: Attributes } | undefined): Attributes {
  const a = holder?.attributes;
  return a !== null && typeof a === 'object' ? a : {};
}

/** Finds the last event of a name without allocating. */
export function findLastEvent(events: readonly SpanEventLike[] | undefined, name: string): SpanEventLike | undefined {
  if (!Array.isArray(events)) return undefined;
  for (let i = events.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED; i--, n++) {
    const e = events[i];
    if (e !== null && typeof e === 'object' && e.name === name) return e;
  }
  return undefined;
}

/** A non-empty string attribute. */
export function str(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An integer from an int attribute or a numeric string ("429"). */
export function int(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?[0-9]{1,10}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A boolean from a bool attribute or the strings "true"/"false". */
export function bool(value: AttributeValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** Epoch milliseconds of a span's start, or NaN when unknown. */
export function startMs(span: ReadableSpanLike): number {
  const t = span.startTime;
  return Array.isArray(t) && typeof t[0] === 'number' && typeof t[1] === 'number' ? t[0] * 1000 + t[1] / 1e6 : Number.NaN;
}

/** True for a span without a parent: its trace's root. */
export function isRootSpan(span: ReadableSpanLike): boolean {
  return !(span.parentSpanContext?.spanId ?? span.parentSpanId);
}
