/**
 * Writing parsed JSON back without limits of depth or total size: a record nested deeper than
 * the call stack allows (JSON.stringify throws "Maximum call stack size exceeded") is written
 * by an iterative writer, and a single document is written piece by piece, one record at a
 * time, never as one string (which may exceed the engine's longest string).
 */

type Frame = { array: unknown[]; i: number } | { object: Record<string, unknown>; keys: string[]; i: number; first: boolean };

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** JSON.stringify for parsed JSON, with an explicit stack instead of recursion. */
function stringifyIterative(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ array: v, i: 0 });
      } else {
        out.push('{');
        stack.push({ object: v as Record<string, unknown>, keys: Object.keys(v), i: 0, first: true });
      }
      return;
    }
    out.push(omitted(v) ? 'null' : (JSON.stringify(v) as string));
  };
  open(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if ('array' in top) {
      if (top.i >= top.array.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.i > 0) out.push(',');
      open(top.array[top.i++]);
      continue;
    }
    while (top.i < top.keys.length && omitted(top.object[top.keys[top.i] as string])) top.i++;
    if (top.i >= top.keys.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const key = top.keys[top.i++] as string;
    if (!top.first) out.push(',');
    top.first = false;
    out.push(JSON.stringify(key), ':');
    open(top.object[key]);
  }
  return out.join('');
}

/** JSON text of a parsed record at any nesting depth. */
export function stringifyRecord(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifyIterative(value);
  }
}

/**
 * A single OTLP JSON document as pieces of text: an array element by element, an object's
 * `resourceSpans` entry by entry. An entry that cannot be written is reported and left out.
 */
export function* documentPieces(document: unknown, onSkip: (part: string, error: unknown) => void): Generator<string> {
  function* list(items: unknown[], part: (i: number) => string): Generator<string> {
    yield '[';
    let first = true;
    for (let i = 0; i < items.length; i++) {
      let text: string;
      try {
        text = stringifyRecord(items[i] === undefined ? null : items[i]);
      } catch (e) {
        onSkip(part(i), e);
        continue;
      }
      yield first ? text : `,${text}`;
      first = false;
    }
    yield ']';
  }
  if (Array.isArray(document)) {
    yield* list(document, (i) => `record ${i + 1}`);
  } else if (document !== null && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    let first = true;
    yield '{';
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (omitted(value)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      if (key === 'resourceSpans' && Array.isArray(value)) yield* list(value, (i) => `resourceSpans[${i}]`);
      else yield stringifyRecord(value);
    }
    yield '}';
  } else {
    yield stringifyRecord(document);
  }
  yield '\n';
}
