/**
 * The rule-file loader the CLI and the processor share: its size is checked before reading,
 * the read is bounded (devices and FIFOs), and a JSON syntax error says where it is.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserRulesFile, MAX_RULES_FILE_BYTES } from '../../src/otel/rules-file.js';
import { mkfifo } from './cli-process.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-file-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES = JSON.stringify({ rules: [{ id: 'acme.quota', reason: 'provider_quota', match: { substring: 'budget exhausted' } }] });

/** A FIFO fed by a shell in another process (the loader reads synchronously). */
function fedFifo(name: string, shell: string): string {
  const fifo = join(dir, name);
  mkfifo(fifo);
  spawn('sh', ['-c', `${shell} > '${fifo}'`], { stdio: 'ignore' }).on('error', () => {});
  return fifo;
}

describe('loadUserRulesFile', () => {
  it('loads a regular file and a FIFO', () => {
    const path = join(dir, 'rules.json');
    writeFileSync(path, RULES);
    expect(loadUserRulesFile(path)).toMatchObject({ errors: [], rules: [{ reason: 'provider_quota' }] });
    const fifo = fedFifo('rules.fifo', `cat '${path}'`);
    expect(loadUserRulesFile(fifo)).toMatchObject({ errors: [], rules: [{ reason: 'provider_quota' }] });
  });

  it('refuses a regular file over the limit from its size, before reading it', () => {
    const path = join(dir, 'huge-sparse.json');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 3 * 1024 * 1024 * 1024);
    closeSync(fd);
    // Reading 3 GiB would fail with another message (or not finish): the size decides first.
    const { rules, errors } = loadUserRulesFile(path);
    expect(rules).toEqual([]);
    expect(errors).toEqual([`${path}: rule file is 3221225472 bytes, more than the ${MAX_RULES_FILE_BYTES} allowed`]);
  });

  it('reads a device or a FIFO only up to the limit (an unbounded read of /dev/zero would never finish)', () => {
    for (const source of ['/dev/zero', fedFifo('big.fifo', `head -c ${3 * MAX_RULES_FILE_BYTES} /dev/zero`)]) {
      const { rules, errors } = loadUserRulesFile(source);
      expect(rules).toEqual([]);
      expect(errors).toEqual([`${source}: rule file is more than ${MAX_RULES_FILE_BYTES} bytes`]);
    }
  });

  it('names the file, and the line and column of a JSON syntax error', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n  "rules": [\n    { "id": "x", }\n  ]\n}\n');
    const { errors } = loadUserRulesFile(path);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON at line 3, column 18: `));
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"rules": [\n');
    expect(loadUserRulesFile(truncated).errors[0]).toContain('at line 2, column 1');
    expect(loadUserRulesFile(join(dir, 'missing.json')).errors).toEqual([`${join(dir, 'missing.json')}: cannot read rule file (ENOENT)`]);
    expect(loadUserRulesFile(dir).errors).toEqual([`${dir}: cannot read rule file (EISDIR)`]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\ufeff${RULES}`);
    expect(loadUserRulesFile(path).errors).toEqual([]);
  });
});
