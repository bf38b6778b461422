#!/usr/bin/env node
// Installs test/sdk3/'s own dependencies (the @opentelemetry/sdk-trace 3.x line, which needs a newer
// @opentelemetry/api than the 1.x/2.x lines accept) when they are missing or out of date.
// Run by `npm test`; a no-op once installed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const dir = new URL('../test/sdk3/', import.meta.url);
const lock = new URL('package-lock.json', dir);
const installed = new URL('node_modules/.package-lock.json', dir);
if (
  existsSync(installed) &&
  statSync(installed).mtimeMs >= statSync(lock).mtimeMs &&
  readFileSync(installed, 'utf8').includes('sdk-trace-3')
)
  process.exit(0);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// sdk-trace 3.x declares node >= 22.15; its tests pass on Node 20 too, so its engine warning is silenced.
execFileSync(npm, ['ci', '--prefix', 'test/sdk3', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
  stdio: 'inherit',
});
