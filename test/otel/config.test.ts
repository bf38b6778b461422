import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentFailureSpanProcessor } from '../../src/index.js';
import { DEFAULT_CONFIG, ENV_VARS, resolveConfig } from '../../src/otel/config.js';

function resolveWith(env: Record<string, string>, options = {}) {
  const warnings: string[] = [];
  const config = resolveConfig(options, env, (m) => warnings.push(m));
  return { config, warnings };
}

afterEach(() => diag.disable());

describe('configuration from the environment', () => {
  it('uses the defaults with an empty environment and warns about nothing', () => {
    const { config, warnings } = resolveWith({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(warnings).toEqual([]);
  });

  it('reads every documented variable', () => {
    const { config, warnings } = resolveWith({
      AGENT_FAILURE_ENABLED: 'false',
      AGENT_FAILURE_SPAN_NAMES: 'claude.run, agent.* ,,',
      AGENT_FAILURE_DETAIL: 'FALSE',
      AGENT_FAILURE_DETAIL_MAX_LENGTH: '80',
      AGENT_FAILURE_MAX_TEXT_LENGTH: '4096',
      AGENT_FAILURE_RULES_FILE: 'rules.json',
      AGENT_FAILURE_SET_ERROR_TYPE: 'false',
      AGENT_FAILURE_OUTPUT_ATTRIBUTE: 'agent.output',
      AGENT_FAILURE_FALLBACK_MAX_LENGTH: '200',
      AGENT_FAILURE_READ_ONLY_TOOLS: 'Read,Grep',
      AGENT_FAILURE_MAX_TRACKED_TRACES: '50',
      AGENT_FAILURE_TRACKED_TRACE_MAX_AGE_MS: '60000',
      AGENT_FAILURE_LEARNED_FALLBACK: 'true',
      AGENT_FAILURE_WARM_UP: 'false',
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      enabled: false,
      spanNamePatterns: ['claude.run', 'agent.*'],
      detail: false,
      maxDetailLength: 80,
      maxTextLength: 4096,
      rulesFile: 'rules.json',
      rules: [],
      setErrorType: false,
      outputAttribute: 'agent.output',
      fallbackMaxLength: 200,
      readOnlyTools: ['Read', 'Grep'],
      maxTrackedTraces: 50,
      trackedTraceMaxAgeMs: 60000,
      learnedFallback: true,
      warmUp: false,
    });
    expect(Object.keys(ENV_VARS).sort()).toEqual(
      Object.keys(config)
        .filter((k) => k !== 'rules')
        .sort(),
    );
  });

  it('treats an empty or blank value as unset', () => {
    const { config, warnings } = resolveWith({ AGENT_FAILURE_DETAIL_MAX_LENGTH: '', AGENT_FAILURE_ENABLED: '  ' });
    expect(config.maxDetailLength).toBe(DEFAULT_CONFIG.maxDetailLength);
    expect(config.enabled).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('accepts a boolean only as case-insensitive true/false; anything else warns and reads as false', () => {
    expect(resolveWith({ AGENT_FAILURE_DETAIL: 'TRUE' }).config.detail).toBe(true);
    const { config, warnings } = resolveWith({ AGENT_FAILURE_DETAIL: 'yes' });
    expect(config.detail).toBe(false);
    expect(warnings).toEqual(['AGENT_FAILURE_DETAIL: ignoring value "yes" (expected true or false); treated as false']);
  });

  it.each([
    ['AGENT_FAILURE_DETAIL_MAX_LENGTH', 'abc', 'expected a whole number'],
    ['AGENT_FAILURE_MAX_TEXT_LENGTH', '12.5', 'expected a whole number'],
    ['AGENT_FAILURE_MAX_TEXT_LENGTH', '10', 'expected 256 to'],
    ['AGENT_FAILURE_MAX_TRACKED_TRACES', '-1', 'expected 0 to 10000000'],
  ])('ignores %s=%s with one warning naming the variable and the raw value', (name, value, why) => {
    const { config, warnings } = resolveWith({ [name]: value });
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(name);
    expect(warnings[0]).toContain(`"${value}"`);
    expect(warnings[0]).toContain(why);
    expect(warnings[0]).toContain('using default');
  });

  it('lets options win over the environment', () => {
    const { config } = resolveWith(
      { AGENT_FAILURE_DETAIL: 'false', AGENT_FAILURE_MAX_TRACKED_TRACES: '5' },
      { detail: true, maxTrackedTraces: 7 },
    );
    expect(config.detail).toBe(true);
    expect(config.maxTrackedTraces).toBe(7);
  });

  it('ignores a bad option value with a warning and falls back to the environment', () => {
    const { config, warnings } = resolveWith({ AGENT_FAILURE_MAX_TRACKED_TRACES: '5' }, { maxTrackedTraces: 'many' });
    expect(config.maxTrackedTraces).toBe(5);
    expect(warnings[0]).toContain('option maxTrackedTraces');
  });

  it('reports bad environment values through the diag logger, prefixed with the package name', () => {
    const lines: string[] = [];
    diag.setLogger(
      { warn: (...a: unknown[]) => lines.push(a.join(' ')), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.WARN,
    );
    new AgentFailureSpanProcessor({ env: { AGENT_FAILURE_DETAIL_MAX_LENGTH: 'lots' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('otel-agent-failure');
    expect(lines[0]).toContain('AGENT_FAILURE_DETAIL_MAX_LENGTH: ignoring value "lots"');
  });
});
