/**
 * The structured layer: identifiers from rules/identifiers.json (derived from
 * rules/vocabulary/) decide before loose wordings, the last one in a text wins, and who failed
 * (the locus) can change the reason. Also: the derived file is in sync with the vocabularies.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/index.js';
import { outcomeFor } from '../../src/core/classify/outcome.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('identifiers from the authoritative lists', () => {
  it('rules/identifiers.json is what scripts/build-identifiers.mjs derives from rules/vocabulary/', () => {
    const out = execFileSync(process.execPath, ['scripts/build-identifiers.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/is up to date \(\d+ identifiers\)/);
  });

  it.each([
    ['litellm.ContextWindowExceededError: litellm.BadRequestError: the input is too big', 'context_overflow'],
    ['AI_NoContentGeneratedError: No content generated.', 'empty_output'],
    ['requests.exceptions.ConnectionError: [WinError 10054] WSAECONNRESET', 'provider_network'],
    ['langgraph.errors.GraphRecursionError: Recursion limit of 25 reached without hitting a stop condition.', 'iteration_limit'],
    ['Error code: 429 - {"error": {"message": "quota", "type": "insufficient_quota", "code": "insufficient_quota"}}', 'provider_quota'],
  ])('reads %s as %s', (text, reason) => {
    expect(classifyFailure({ errorMessage: text }).reason).toBe(reason);
  });

  it('lets the last identifier in a retry log decide', () => {
    const log = ['attempt 1: AI_NoContentGeneratedError', 'attempt 2: AI_NoContentGeneratedError', 'final: GraphRecursionError'].join('\n');
    const v = classifyFailure({ errorMessage: log });
    expect(v.reason).toBe('iteration_limit');
    expect(v.rule).toBe('id.agent-frameworks');
    expect(classifyFailure({ errorMessage: 'AI_NoContentGeneratedError' }).reason).toBe('empty_output');
  });

  it('maps who failed and what happened through the outcome table', () => {
    expect(outcomeFor('timeout', undefined)).toBe('provider_timeout');
    expect(outcomeFor('timeout', 'host')).toBe('run_timeout');
    expect(outcomeFor('timeout', 'tool')).toBe('tool_error');
    expect(outcomeFor('network', 'tool')).toBe('tool_error');
    expect(outcomeFor('cancelled', 'tool')).toBe('cancelled');
    expect(outcomeFor('closed_channel', 'channel')).toBe('fatal_rpc_error');
    expect(outcomeFor('limit_reached', 'agent')).toBe('iteration_limit');
    expect(outcomeFor('limit_reached', 'host')).toBe('run_timeout');
  });

  it('reads an identifier only as a whole token', () => {
    expect(classifyFailure({ errorMessage: 'xinsufficient_quotax happened' }).rule).not.toBe('id.openai-api');
  });
});
