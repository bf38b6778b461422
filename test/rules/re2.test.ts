/**
 * The rule data is RE2: every pattern of rules/rules.json compiles with Go's regexp (the
 * engine of the OpenTelemetry Collector's OTTL), so the same rules can run in a Collector.
 * Go is a test-time tool here (it is on every machine of this project), never a dependency.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CRASH_EXIT_CODES } from '../../src/core/exit-status.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULES = JSON.parse(readFileSync(new URL('../../rules/rules.json', import.meta.url), 'utf8')) as {
  textRules: { id: string; re?: string; unless?: string }[];
  loci: { locus: string; re: string }[];
};

function goBinary(): string {
  for (const candidate of ['/usr/local/go/bin/go', '/usr/lib/go/bin/go']) if (existsSync(candidate)) return candidate;
  return 'go';
}

describe('rules/rules.json is RE2', () => {
  it("every pattern compiles with Go's regexp", () => {
    const out = execFileSync(goBinary(), ['run', 'scripts/re2-check/main.go', 'rules/rules.json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
    });
    expect(out).toMatch(/^\d+ patterns checked, 0 rejected$/m);
  }, 300_000);

  it('no pattern uses lookaround or backreferences (what RE2 refuses), unless-patterns included', () => {
    for (const locus of RULES.loci) expect(locus.re, locus.locus).not.toMatch(/\(\?<?[=!]|\\[1-9]|\\k</);
    for (const rule of RULES.textRules) {
      for (const pattern of [rule.re, rule.unless]) {
        if (pattern === undefined) continue;
        expect(pattern, rule.id).not.toMatch(/\(\?<?[=!]|\\[1-9]|\\k</);
      }
    }
  });

  it('the crash exit codes the text rule reads are the ones the process-end table decides', () => {
    const rule = RULES.textRules.find((r) => r.id === 'crash.exit_code');
    const codes = /\(\?:([0-9|]+)\)/
      .exec(rule?.re ?? '')?.[1]
      ?.split('|')
      .map(Number);
    expect(codes).toEqual(CRASH_EXIT_CODES.filter((c) => c > 128 && c < 256));
  });
});

describe("the engine's own patterns are RE2 too", () => {
  it('no regular expression in src/ uses lookaround (RE2 refuses it; linear time by construction)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (!line.trim().startsWith('//') && /\(\?<?[=!]/.test(line)) offenders.push(`${path.relative(ROOT, file)}:${i + 1}`);
            });
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
