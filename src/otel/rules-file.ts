/**
 * Reads a user rule file: the only file I/O of the library. `node:fs` is reached through
 * `process.getBuiltinModule` at call time, so the package imports no `node:` module and
 * bundles for browsers and edge runtimes stay clean; there, a rules file is reported as
 * unsupported and the built-ins stay.
 *
 * The size is checked before reading: a regular file over the limit is refused from its size,
 * and any file (a device, a FIFO) is read with a bounded read of at most the limit plus one
 * byte, so `/dev/zero` cannot grow the process.
 */
import { parseUserRules, type ParsedCustomRules } from '../core/rules/user-rules.js';

/** Largest rule file read; a larger one is refused (a rule table is small). */
export const MAX_RULES_FILE_BYTES = 1024 * 1024;

type Fs = typeof import('node:fs');

function nodeFs(): Fs | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof p?.getBuiltinModule === 'function' ? (p.getBuiltinModule('node:fs') as Fs | undefined) : undefined;
}

/** The file's bytes, or a message when it is larger than the limit. Throws the fs error when unreadable. */
function readBounded(fs: Fs, path: string): Uint8Array | string {
  const st = fs.statSync(path);
  if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  if (st.isFile() && st.size > MAX_RULES_FILE_BYTES) {
    return `${path}: rule file is ${st.size} bytes, more than the ${MAX_RULES_FILE_BYTES} allowed`;
  }
  const buf = new Uint8Array(MAX_RULES_FILE_BYTES + 1);
  const fd = fs.openSync(path, 'r');
  let length = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_RULES_FILE_BYTES) return `${path}: rule file is more than ${MAX_RULES_FILE_BYTES} bytes`;
    }
  } finally {
    fs.closeSync(fd);
  }
  return buf.subarray(0, length);
}

/**
 * Loads and validates a rule file. Never throws: an unreadable file yields no rules and
 * one message naming the file; a JSON syntax error, one message with its line and column.
 */
export function loadUserRulesFile(path: string): ParsedCustomRules {
  const fs = nodeFs();
  if (fs === undefined) return { rules: [], errors: [`${path}: rule files need Node.js 20.16 or later (process.getBuiltinModule)`] };
  let bytes: Uint8Array | string;
  try {
    bytes = readBounded(fs, path);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    return { rules: [], errors: [`${path}: cannot read rule file${typeof code === 'string' ? ` (${code})` : ''}`] };
  }
  if (typeof bytes === 'string') return { rules: [], errors: [bytes] };
  // TextDecoder drops a UTF-8 byte order mark.
  const text = new TextDecoder('utf-8').decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { rules: [], errors: [`${path}: not valid JSON${where(text)}: ${jsonReason(e)}`] };
  }
  return parseUserRules(json, path);
}

/** The engine's message without its position and its quote of the text (we give line and column). */
function jsonReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const token = /^Unexpected token '([\s\S]+?)', [\s\S]* is not valid JSON$/.exec(message);
  if (token) return `Unexpected token ${JSON.stringify(token[1])}`;
  return message.replace(/ in JSON at position \d+[\s\S]*$/, '');
}

/** " at line L, column C" of the first syntax error (engines word and place it differently, so it is found here). */
function where(text: string): string {
  const at = jsonErrorOffset(text);
  if (at < 0) return '';
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return ` at line ${line}, column ${at - lineStart + 1}`;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: Readonly<Record<string, string>> = { t: 'true', f: 'false', n: 'null' };

/**
 * Offset of the first JSON syntax error in `text` (its length when the text ends too soon),
 * or -1 when it is valid. Iterative: any nesting depth.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const open: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  /** Moves past a string at i; false (i at the error) when it is malformed. */
  const string = (): boolean => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? 'x')) return false;
        if (text[i] === 'u') i += 4;
      }
    }
    return false;
  };
  for (;;) {
    skipSpace();
    const c = text[i];
    if (state === 'key') {
      if (c !== '"' || !string()) return i;
      skipSpace();
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else if (state === 'value') {
      if (c === '{' || c === '[') {
        open.push(c);
        i++;
        skipSpace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          open.pop();
          state = 'after';
        } else state = c === '{' ? 'key' : 'value';
        continue;
      }
      if (c === '"') {
        if (!string()) return i;
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return c === '-' ? i + 1 : i;
        i = NUMBER.lastIndex;
      } else {
        const literal = c !== undefined ? LITERALS[c] : undefined;
        if (literal === undefined) return i;
        for (let k = 0; k < literal.length; k++, i++) if (text[i] !== literal[k]) return i;
      }
      state = 'after';
    } else {
      const top = open[open.length - 1];
      if (top === undefined) return i === n ? -1 : i;
      if (c === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        i++;
        open.pop();
      } else return i;
    }
  }
}
