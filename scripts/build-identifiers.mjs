#!/usr/bin/env node
// Derives rules/identifiers.json from rules/vocabulary/: the identifiers an engine looks for in
// error text (exception class names, error-envelope values, errno/WSA/NTSTATUS names, documented
// messages), lower-cased, each with its phenomenon, locus and list. Kept out: identifiers any
// list leaves unknown or marks as generic (ConnectionError, TimeoutError…), plain numbers
// (HTTP statuses and signals have tables of their own), and bare English words.
//   node scripts/build-identifiers.mjs          # rewrite rules/identifiers.json
//   node scripts/build-identifiers.mjs --check  # exit 1 when it is out of date
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../rules/vocabulary/', import.meta.url);
const out = new URL('../rules/identifiers.json', import.meta.url);
const SKIP_FILES = new Set(['http-status.json', 'signals.json']);
// OS codes that mean a failed spawn only when the text says spawn (the spawn rules read that
// context): ENOENT on a file open is no spawn failure.
const CONTEXT_DEPENDENT = (file, e) => (file === 'errno.json' || file === 'windows.json') && e.phenomenon === 'spawn';
// Names whose meaning depends on a field next to them (RetryError.reason decides).
const NEEDS_A_FIELD = new Set(['retryerror']);

// Names of a language's own built-in exceptions, which a list may reuse as an error type (vLLM's
// "NotImplementedError" for a 501): any program's traceback prints them, so in free text they say
// nothing about a provider. Python's builtins and JavaScript's global error types.
const BUILTIN_EXCEPTIONS = new Set(
  (
    'ArithmeticError AssertionError AttributeError BlockingIOError BrokenPipeError BufferError ChildProcessError ' +
    'ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError EOFError FileExistsError ' +
    'FileNotFoundError FloatingPointError ImportError IndentationError IndexError InterruptedError IsADirectoryError ' +
    'KeyError LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError ' +
    'OverflowError PermissionError ProcessLookupError RecursionError ReferenceError RuntimeError StopIteration ' +
    'SyntaxError SystemError TabError TimeoutError TypeError UnboundLocalError UnicodeError UnicodeDecodeError ' +
    'UnicodeEncodeError ValueError ZeroDivisionError RangeError EvalError URIError AggregateError'
  )
    .toLowerCase()
    .split(' '),
);

// Documented messages too plain to name one phenomenon in someone else's text.
const GENERIC_MESSAGES = new Set(['invalid format', 'invalid parameters', 'internal server error']);

/** An identifier distinctive enough to read in free text. */
function distinctive(id, kind) {
  if (/^-?[0-9]+$/.test(id)) return false;
  if (kind === 'token') return id.length >= 14 && /\s/.test(id) && !GENERIC_MESSAGES.has(id.toLowerCase());
  if (/^(?:E[A-Z0-9]{3,}|WSA[A-Z_]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z_]+|STATUS_[A-Z_]+|AI_[A-Za-z]+)$/.test(id)) return true;
  if (id.length < 8) return false;
  // snake_case, dotted, CamelCase with an inner capital, or containing a digit.
  return /[_.]/.test(id) || /[a-z][A-Z]/.test(id) || /[0-9]/.test(id);
}

// Windows error codes as Python and Rust print them ("[WinError 10061]", "os error 10061"): the
// code says what failed whatever language the message that follows is in. "os error N" below
// 10000 is left out: Rust prints POSIX errno values the same way, and those numbers differ.
function codeForms(file, e) {
  if (file !== 'windows.json' || !Array.isArray(e.forms)) return [];
  return e.forms
    .map((f) => f.toLowerCase().replace(/^\[|\]$/g, ''))
    .filter((f) => /^winerror [0-9]+$/.test(f) || (/^os error [0-9]+$/.test(f) && Number(f.slice(9)) >= 10000));
}

const byId = new Map();
const ambiguous = new Set();
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  if (SKIP_FILES.has(file)) continue;
  const v = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  for (const e of v.entries) {
    const id = String(e.id);
    const kind = e.matchAs ?? v.matchAs;
    const key = id.toLowerCase();
    if (e.phenomenon === 'unknown' || e.generic_name === true) {
      ambiguous.add(key);
      continue;
    }
    if (CONTEXT_DEPENDENT(file, e) || NEEDS_A_FIELD.has(key) || BUILTIN_EXCEPTIONS.has(key)) continue;
    const keys = [...(distinctive(id, kind) ? [key] : []), ...codeForms(file, e)];
    for (const k of keys) {
      const entry = { id: k, phenomenon: e.phenomenon, ...(e.locus ? { locus: e.locus } : {}), list: file.replace(/\.json$/, '') };
      const seen = byId.get(k);
      if (seen === undefined) byId.set(k, entry);
      else if (seen.phenomenon !== entry.phenomenon || (seen.locus ?? '') !== (entry.locus ?? '')) ambiguous.add(k);
    }
  }
}
const identifiers = [...byId.values()].filter((e) => !ambiguous.has(e.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const text = `{
  "$comment": "Generated by scripts/build-identifiers.mjs from rules/vocabulary/ (do not edit by hand). Lower-cased identifiers an engine reads in error text, each with its phenomenon and, where inherent, its locus.",
  "identifiers": [
${identifiers.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}
  ]
}
`;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== text) {
    console.error('rules/identifiers.json is out of date: run node scripts/build-identifiers.mjs');
    process.exit(1);
  }
  console.log(`rules/identifiers.json is up to date (${identifiers.length} identifiers)`);
} else {
  writeFileSync(out, text);
  console.log(`wrote rules/identifiers.json: ${identifiers.length} identifiers (${ambiguous.size} ambiguous or unknown left out)`);
}
