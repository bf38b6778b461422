/**
 * Reads a user rule file: the only file I/O of the library. `node:fs` is reached through
 * `process.getBuiltinModule` at call time, so the package imports no `node:` module and
 * bundles for browsers and edge runtimes stay clean; there, a rules file is reported as
 * unsupported and the built-ins stay.
 */
import { parseUserRulesText, type ParsedCustomRules } from '../core/rules/user-rules.js';

/** Largest rule file read; a larger one is refused (a rule table is small). */
export const MAX_RULES_FILE_BYTES = 1024 * 1024;

type Fs = typeof import('node:fs');

function nodeFs(): Fs | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof p?.getBuiltinModule === 'function' ? (p.getBuiltinModule('node:fs') as Fs | undefined) : undefined;
}

/**
 * Loads and validates a rule file. Never throws: an unreadable file yields no rules and
 * one message naming the file.
 */
export function loadUserRulesFile(path: string): ParsedCustomRules {
  const fs = nodeFs();
  if (fs === undefined) return { rules: [], errors: [`${path}: rule files need Node.js 20.16 or later (process.getBuiltinModule)`] };
  let text: string;
  try {
    const buf = fs.readFileSync(path);
    if (buf.length > MAX_RULES_FILE_BYTES) {
      return { rules: [], errors: [`${path}: rule file is ${buf.length} bytes, more than the ${MAX_RULES_FILE_BYTES} allowed`] };
    }
    text = buf.toString('utf8');
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    return { rules: [], errors: [`${path}: cannot read rule file${typeof code === 'string' ? ` (${code})` : ''}`] };
  }
  return parseUserRulesText(text, path);
}
