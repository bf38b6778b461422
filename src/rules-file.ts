/** Reads a user rule file from disk (the only part of rule handling that does I/O). */
import { readFileSync } from 'node:fs';
import { parseCustomRulesText, type ParsedCustomRules } from './custom-rules.js';

/** Largest rule file read; a larger one is refused (a rule table is small). */
export const MAX_RULES_FILE_BYTES = 1024 * 1024;

/**
 * Loads and validates a rule file. Never throws: an unreadable file yields no rules and
 * one message naming the file.
 */
export function loadCustomRulesFile(path: string): ParsedCustomRules {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_RULES_FILE_BYTES) {
      return { rules: [], errors: [`${path}: rule file is ${buf.length} bytes, more than the ${MAX_RULES_FILE_BYTES} allowed`] };
    }
    text = buf.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { rules: [], errors: [`${path}: cannot read rule file${code ? ` (${code})` : ''}`] };
  }
  return parseCustomRulesText(text, path);
}
