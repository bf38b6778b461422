/**
 * User rules from JSON, tried before the built-ins. Parsing is pure: it returns the rules
 * it could accept and one message per problem; a broken rule never disables the others.
 *
 * Accepted shape (a bare array of rules is accepted too):
 * {
 *   "rules": [
 *     { "id": "acme.gateway_quota", "reason": "provider_quota",
 *       "match": { "substring": "acme gateway: budget exhausted" },
 *       "retrySafe": false, "why": "our LLM gateway's budget error" }
 *   ]
 * }
 * `match` takes any of: substring (case-insensitive), regex (+ flags), httpStatus,
 * exitCode, closeReason. All given conditions must hold.
 */
import { parseCloseReason, type CloseReason } from '../close-reason.js';
import { isFailureReason, type FailureReason } from '../taxonomy.js';
import { isRecord } from '../values.js';
import { compileUserRegex, MAX_USER_PATTERN_LENGTH, type UserRegex } from './user-regex.js';

export interface CustomRuleMatch {
  /** Lower-cased substring. */
  substring?: string;
  /** Compiled on RE2: linear time on any input. */
  regex?: UserRegex;
  httpStatus?: number;
  exitCode?: number;
  closeReason?: CloseReason;
}

/** A user rule validated and compiled, ready to run. */
export interface CustomRule {
  id: string;
  reason: FailureReason;
  match: CustomRuleMatch;
  retrySafe?: boolean;
  resumeSafe?: boolean;
}

export interface ParsedCustomRules {
  rules: CustomRule[];
  /** One human-readable message per problem, each naming the source and the rule. */
  errors: string[];
}

/** Most rules a file may hold; more are ignored with one message. */
export const MAX_CUSTOM_RULES = 256;
function describe(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

function parseOne(raw: unknown, index: number, source: string, errors: string[]): CustomRule | undefined {
  const where = `${source}: rule #${index + 1}`;
  if (!isRecord(raw)) {
    errors.push(`${where}: expected an object, got ${describe(raw)}`);
    return undefined;
  }
  const id = typeof raw.id === 'string' && raw.id.trim() !== '' ? raw.id.trim().slice(0, 64) : undefined;
  const label = id ? `${source}: rule "${id}"` : where;
  if (!id) {
    errors.push(`${where}: "id" must be a non-empty string`);
    return undefined;
  }
  if (!isFailureReason(raw.reason)) {
    errors.push(`${label}: "reason" ${describe(raw.reason)} is not a failure reason of the taxonomy`);
    return undefined;
  }
  if (!isRecord(raw.match)) {
    errors.push(`${label}: "match" must be an object with substring, regex, httpStatus, exitCode or closeReason`);
    return undefined;
  }
  const m = raw.match;
  const match: CustomRuleMatch = {};
  if (m.substring !== undefined) {
    if (typeof m.substring !== 'string' || m.substring.length === 0 || m.substring.length > MAX_USER_PATTERN_LENGTH) {
      errors.push(`${label}: "match.substring" must be a non-empty string of at most ${MAX_USER_PATTERN_LENGTH} characters`);
      return undefined;
    }
    match.substring = m.substring.toLowerCase();
  }
  if (m.regex !== undefined) {
    if (typeof m.regex !== 'string' || m.regex.length === 0) {
      errors.push(`${label}: "match.regex" must be a non-empty string`);
      return undefined;
    }
    const flags = typeof m.flags === 'string' ? m.flags : 'i';
    const compiled = compileUserRegex(m.regex, flags);
    if (typeof compiled === 'string') {
      errors.push(`${label}: "match.regex" rejected: ${compiled}`);
      return undefined;
    }
    match.regex = compiled;
  }
  for (const key of ['httpStatus', 'exitCode'] as const) {
    if (m[key] !== undefined) {
      if (typeof m[key] !== 'number' || !Number.isInteger(m[key])) {
        errors.push(`${label}: "match.${key}" must be an integer, got ${describe(m[key])}`);
        return undefined;
      }
      match[key] = m[key] as number;
    }
  }
  if (m.closeReason !== undefined) {
    const cr = parseCloseReason(m.closeReason);
    if (cr === undefined) {
      errors.push(`${label}: "match.closeReason" ${describe(m.closeReason)} is not a close reason`);
      return undefined;
    }
    match.closeReason = cr;
  }
  if (Object.keys(match).length === 0) {
    errors.push(`${label}: "match" has no condition`);
    return undefined;
  }
  const rule: CustomRule = { id: `custom.${id}`, reason: raw.reason, match };
  for (const key of ['retrySafe', 'resumeSafe'] as const) {
    if (raw[key] !== undefined) {
      if (typeof raw[key] !== 'boolean') {
        errors.push(`${label}: "${key}" must be true or false, got ${describe(raw[key])}`);
        return undefined;
      }
      rule[key] = raw[key] as boolean;
    }
  }
  return rule;
}

/**
 * Validates user rules from already-parsed JSON.
 * @param json the parsed file content: `{ "rules": [...] }` or an array
 * @param source the file name, used in every message
 */
export function parseUserRules(json: unknown, source = 'custom rules'): ParsedCustomRules {
  const errors: string[] = [];
  const list = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.rules) ? json.rules : undefined;
  if (list === undefined) {
    return { rules: [], errors: [`${source}: expected {"rules": [...]} or an array of rules`] };
  }
  if (list.length > MAX_CUSTOM_RULES) {
    errors.push(`${source}: ${list.length} rules given, only the first ${MAX_CUSTOM_RULES} are used`);
  }
  const rules: CustomRule[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length && i < MAX_CUSTOM_RULES; i++) {
    const rule = parseOne(list[i], i, source, errors);
    if (!rule) continue;
    if (seen.has(rule.id)) {
      errors.push(`${source}: rule "${rule.id.slice(7)}" is defined twice; the first one is used`);
      continue;
    }
    seen.add(rule.id);
    rules.push(rule);
  }
  return { rules, errors };
}

/**
 * Parses the text of a rule file. A JSON syntax error yields no rules and one message.
 */
export function parseUserRulesText(text: string, source = 'custom rules'): ParsedCustomRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { rules: [], errors: [`${source}: not valid JSON: ${(e as Error).message}`] };
  }
  return parseUserRules(json, source);
}
