/**
 * OTLP JSON (`ExportTraceServiceRequest`, proto3 JSON mapping) to and from the structural
 * span the stamper reads. Lenient on input (the Collector writes int64 as strings, older
 * exporters `instrumentationLibrarySpans`); every malformed part is skipped and described.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { isRecord as isObject } from '../core/values.js';
import { ATTR_GEN_AI_OPERATION_NAME, RUNTIME_CLOSE_EVENT } from '../otel/attributes.js';
import { MAX_EVENTS_SCANNED, type ReadableSpanLike, type SpanEventLike } from '../otel/span-shape.js';

// --- OTLP JSON shapes -------------------------------------------------------------------

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a string in proto3 JSON (the collector writes "1"); numbers are accepted. */
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  name?: string;
  timeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  [key: string]: unknown;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  status?: { code?: number | string; message?: string };
  [key: string]: unknown;
}

/** Largest single-document JSON file read (JSON Lines files have no such limit). */
const MAX_DEPTH = 8;

// --- values ---------------------------------------------------------------------------
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

function decodePlain(value: unknown, depth: number): Plain | undefined {
  if (!isObject(value) || depth > MAX_DEPTH) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) {
    const v = value.intValue;
    if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
    if (typeof v === 'string' && /^-?[0-9]{1,20}$/.test(v.trim())) {
      const n = Number(v.trim());
      return Number.isSafeInteger(n) ? n : v.trim();
    }
    return undefined;
  }
  if (value.doubleValue !== undefined) {
    const n = Number(value.doubleValue);
    return Number.isNaN(n) && typeof value.doubleValue !== 'string' ? undefined : n;
  }
  if (isObject(value.arrayValue)) {
    const values = Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    const out: Plain[] = [];
    for (const v of values) {
      const d = decodePlain(v, depth + 1);
      if (d !== undefined) out.push(d);
    }
    return out;
  }
  if (isObject(value.kvlistValue)) {
    const values = Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    const out: { [key: string]: Plain } = {};
    for (const kv of values) {
      if (!isObject(kv) || typeof kv.key !== 'string') continue;
      const d = decodePlain(kv.value, depth + 1);
      if (d !== undefined) out[kv.key] = d;
    }
    return out;
  }
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return undefined;
}

/** An OTLP `AnyValue` as an OpenTelemetry attribute value (maps become JSON text). */
export function decodeAnyValue(value: unknown): AttributeValue | undefined {
  const plain = decodePlain(value, 0);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain !== 'object') return plain;
  if (Array.isArray(plain)) {
    const kinds = new Set(plain.map((p) => typeof p));
    const primitive = plain.every((p) => p === null || typeof p !== 'object');
    if (primitive && kinds.size <= 1) return plain as AttributeValue;
    return JSON.stringify(plain);
  }
  return JSON.stringify(plain);
}

/** OTLP key/value list as attributes; malformed entries are skipped. */
/** One attribute of an OTLP list as `decodeAttributes` would read it (the last decodable value of the key wins). */
export function decodeAttribute(list: unknown, key: string): AttributeValue | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const kv: unknown = list[i];
    if (!isObject(kv) || kv.key !== key) continue;
    const v = decodeAnyValue(kv.value);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function decodeAttributes(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const v = decodeAnyValue(kv.value);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}

/** An attribute value as an OTLP `AnyValue`, the way the collector writes it (int64 as a string). */
export function encodeAnyValue(value: unknown): OtlpAnyValue | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    return Number.isFinite(value) ? { doubleValue: value } : undefined;
  }
  if (Array.isArray(value)) {
    const values: OtlpAnyValue[] = [];
    for (const v of value) {
      const e = v === null || v === undefined ? {} : encodeAnyValue(v);
      if (e !== undefined) values.push(e);
    }
    return { arrayValue: { values } };
  }
  return undefined;
}

/** OTLP status code: 0 unset, 1 ok, 2 error; string enum names are accepted. */
export function decodeStatusCode(code: unknown): number {
  if (typeof code === 'number') return code === 1 || code === 2 ? code : 0;
  if (typeof code === 'string') {
    const c = code.trim().toUpperCase();
    if (c === '2' || c === 'STATUS_CODE_ERROR' || c === 'ERROR') return 2;
    if (c === '1' || c === 'STATUS_CODE_OK' || c === 'OK') return 1;
  }
  return 0;
}

/** `[seconds, nanoseconds]` from an OTLP nanosecond timestamp (a string or a number). */
function hrTimeOf(value: unknown): [number, number] | undefined {
  const text =
    typeof value === 'number' && Number.isFinite(value) ? String(Math.trunc(value)) : typeof value === 'string' ? value.trim() : '';
  if (!/^[0-9]{1,20}$/.test(text)) return undefined;
  const seconds = text.length > 9 ? Number(text.slice(0, -9)) : 0;
  const nanos = Number(text.slice(-9));
  return [seconds, nanos];
}

/** A span of an OTLP JSON request as the structural span the stamper reads. */
export function adaptOtlpSpan(span: OtlpSpan): ReadableSpanLike {
  const traceId = typeof span.traceId === 'string' ? span.traceId : '';
  const spanId = typeof span.spanId === 'string' ? span.spanId : '';
  const parent = typeof span.parentSpanId === 'string' && span.parentSpanId.length > 0 ? span.parentSpanId : undefined;
  const events: SpanEventLike[] = [];
  if (Array.isArray(span.events)) {
    for (const e of span.events) {
      if (!isObject(e)) continue;
      events.push({ name: typeof e.name === 'string' ? e.name : '', attributes: decodeAttributes(e.attributes) });
    }
  }
  const status = isObject(span.status) ? span.status : {};
  const message = typeof status.message === 'string' && status.message.length > 0 ? status.message : undefined;
  const ctx = { traceId, spanId };
  const adapted: { -readonly [K in keyof ReadableSpanLike]: ReadableSpanLike[K] } = {
    name: typeof span.name === 'string' ? span.name : '',
    attributes: decodeAttributes(span.attributes),
    events,
    status: message === undefined ? { code: decodeStatusCode(status.code) } : { code: decodeStatusCode(status.code), message },
    spanContext: () => ctx,
    parentSpanId: parent,
  };
  // Set afterwards: an object literal that starts with a conditional spread cost ~8 µs a span
  // (7x the rest of the adaptation; the classify command adapts every run and tool span).
  const startTime = hrTimeOf(span.startTimeUnixNano);
  if (startTime !== undefined) adapted.startTime = startTime;
  return adapted;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_EVENTS: readonly SpanEventLike[] = Object.freeze([]);
const CLOSE_EVENTS: readonly SpanEventLike[] = Object.freeze([Object.freeze({ name: RUNTIME_CLOSE_EVENT })]);

/**
 * What the span's role reads of an OTLP span (spanRole: the operation name, whether one of
 * the last events `adaptOtlpSpan` keeps is a `runtime_close`, the name), without adapting the
 * span: most spans of a file are neither runs nor tools, and adapting them (every attribute
 * and event decoded) cost more than classifying the runs. Same role as the adapted span's.
 */
export function otlpRoleProbe(span: OtlpSpan): ReadableSpanLike {
  const operation = decodeAttribute(span.attributes, ATTR_GEN_AI_OPERATION_NAME);
  let close = false;
  if (Array.isArray(span.events)) {
    // As findLastEvent over the adapted events: non-objects are not among them.
    const list: unknown[] = span.events;
    for (let i = list.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED; i--) {
      const e = list[i];
      if (!isObject(e)) continue;
      n++;
      if (e.name === RUNTIME_CLOSE_EVENT) {
        close = true;
        break;
      }
    }
  }
  return {
    name: typeof span.name === 'string' ? span.name : '',
    attributes: operation === undefined ? NO_ATTRIBUTES : { [ATTR_GEN_AI_OPERATION_NAME]: operation },
    events: close ? CLOSE_EVENTS : NO_EVENTS,
    status: { code: 0 },
    spanContext: () => ({ traceId: '', spanId: '' }),
  };
}

/** Sets attributes on an OTLP span: existing keys are replaced, new ones appended. */
export function setOtlpAttributes(span: OtlpSpan, attributes: Attributes): void {
  if (!Array.isArray(span.attributes)) span.attributes = [];
  const list = span.attributes;
  const index = new Map<string, number>();
  list.forEach((kv, i) => {
    if (isObject(kv) && typeof kv.key === 'string') index.set(kv.key, i);
  });
  for (const key of Object.keys(attributes)) {
    const value = encodeAnyValue(attributes[key]);
    if (value === undefined) continue;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, list.length);
      list.push({ key, value });
    } else {
      list[at] = { key, value };
    }
  }
}

/** The spans of one `ExportTraceServiceRequest`, with a message per malformed part. */
export function spansOfRequest(request: unknown): { spans: OtlpSpan[]; problems: string[] } {
  const spans: OtlpSpan[] = [];
  const problems: string[] = [];
  if (!isObject(request) || !Array.isArray(request.resourceSpans)) {
    const hint =
      isObject(request) && ('resourceMetrics' in request || 'resourceLogs' in request)
        ? ' (this looks like metrics or logs, not traces)'
        : '';
    problems.push(`not an OTLP traces request: no "resourceSpans" array${hint}`);
    return { spans, problems };
  }
  request.resourceSpans.forEach((rs: unknown, i: number) => {
    if (!isObject(rs)) {
      problems.push(`resourceSpans[${i}] is not an object`);
      return;
    }
    const scopes = Array.isArray(rs.scopeSpans)
      ? rs.scopeSpans
      : Array.isArray(rs.instrumentationLibrarySpans)
        ? rs.instrumentationLibrarySpans
        : [];
    scopes.forEach((ss: unknown, j: number) => {
      if (!isObject(ss) || (ss.spans !== undefined && !Array.isArray(ss.spans))) {
        problems.push(`resourceSpans[${i}].scopeSpans[${j}] is malformed`);
        return;
      }
      const list = Array.isArray(ss.spans) ? ss.spans : [];
      list.forEach((span: unknown, k: number) => {
        if (isObject(span)) spans.push(span as OtlpSpan);
        else problems.push(`resourceSpans[${i}].scopeSpans[${j}].spans[${k}] is not an object`);
      });
    });
  });
  return { spans, problems };
}
