#!/usr/bin/env bash
# npm run test:e2e — the end-to-end suite against real backends on loopback.
#
# Starts Jaeger v2 (and Grafana Tempo when its binary is installed or E2E_TEMPO=1), runs
# test/e2e with vitest, and stops what it started. Binaries are built from the Go module
# proxy by `scripts/e2e/jaeger.sh install` / `scripts/e2e/tempo.sh install` (cached).
#
#   E2E_INSTALL=1   build missing backends first (CI does this; a cold build takes minutes)
#   E2E_TEMPO=1     require Tempo (fail if it is not installed); E2E_TEMPO=0 never run it
#   E2E_SKIP=1      skip the suite when Jaeger is not installed, instead of failing
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [[ "${E2E_INSTALL:-0}" == 1 ]]; then
  "$here/jaeger.sh" install
  if [[ "${E2E_TEMPO:-}" != 0 ]]; then "$here/tempo.sh" install; fi
fi

if [[ ! -x "$("$here/jaeger.sh" path)" ]]; then
  if [[ "${E2E_SKIP:-0}" == 1 ]]; then
    echo "test:e2e: Jaeger is not installed; skipped because E2E_SKIP=1." >&2
    exit 0
  fi
  cat >&2 <<MSG
test:e2e: the Jaeger v2 binary is not installed, so the end-to-end suite cannot run.
  Install it (builds from the Go module proxy, needs Go; a cold build takes a few minutes):
      scripts/e2e/jaeger.sh install          # and optionally: scripts/e2e/tempo.sh install
  or let this script do it:   E2E_INSTALL=1 npm run test:e2e
  or skip explicitly:         E2E_SKIP=1 npm run test:e2e
MSG
  exit 1
fi

tempo=0
if [[ "${E2E_TEMPO:-}" == 1 ]]; then
  [[ -x "$("$here/tempo.sh" path)" ]] || { echo "test:e2e: E2E_TEMPO=1 but Tempo is not installed: run scripts/e2e/tempo.sh install" >&2; exit 1; }
  tempo=1
elif [[ "${E2E_TEMPO:-}" != 0 && -x "$("$here/tempo.sh" path)" ]]; then
  tempo=1
fi

cleanup() {
  "$here/jaeger.sh" stop || true
  if [[ $tempo == 1 ]]; then "$here/tempo.sh" stop || true; fi
}
trap cleanup EXIT

"$here/jaeger.sh" start
if [[ $tempo == 1 ]]; then "$here/tempo.sh" start; fi

E2E_TEMPO=$tempo npx vitest run --config vitest.e2e.config.ts
