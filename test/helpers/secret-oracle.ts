/**
 * The secret corpus and the two leak checks the redaction tests share: the secret (or any
 * 8-character window of it) by substring, and secretlint's recommended preset as an
 * independent oracle.
 */
import { readFileSync } from 'node:fs';
import { lintSource } from '@secretlint/core';
import { creator as secretlintRecommended } from '@secretlint/secretlint-rule-preset-recommend';

export interface SecretCase {
  id: string;
  text: string;
  secret: string;
}

export const CORPUS: readonly SecretCase[] = (
  JSON.parse(readFileSync(new URL('../fixtures/secrets/corpus.json', import.meta.url), 'utf8')) as { cases: SecretCase[] }
).cases;

/** Where `out` still shows `secret`: the whole of it, or any 8-character window of it. */
export function leaksOf(out: string, secret: string): string[] {
  if (out.includes(secret)) return [secret];
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const w = secret.slice(i, i + 8);
    if (out.includes(w)) found.push(w);
  }
  return found;
}

/** What secretlint's recommended preset reports in `text` (rule id and the flagged text). */
export async function secretlintFindings(text: string): Promise<string[]> {
  const result = await lintSource({
    source: { content: text, filePath: '/failure-detail.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: secretlintRecommended }] } },
  });
  return result.messages.map((m) => `${m.ruleId}: ${text.slice(m.range[0], m.range[1])}`);
}
