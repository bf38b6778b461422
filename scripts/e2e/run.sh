#!/usr/bin/env bash
# npm run test:e2e — the end-to-end suite against a real Jaeger v2 on loopback.
#
# Starts Jaeger, runs test/e2e with vitest, and stops what it started. The binary is built
# from the Go module proxy by `scripts/e2e/jaeger.sh install` (cached). Grafana Tempo is not
# built or run here (its module is AGPL-licensed); examples/tempo runs Grafana's own image.
#
#   E2E_INSTALL=1   build Jaeger first when missing (CI does this; a cold build takes minutes)
#   E2E_SKIP=1      skip the suite when Jaeger is not installed, instead of failing
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [[ "${E2E_INSTALL:-0}" == 1 ]]; then "$here/jaeger.sh" install; fi

if [[ ! -x "$("$here/jaeger.sh" path)" ]]; then
  if [[ "${E2E_SKIP:-0}" == 1 ]]; then
    echo "test:e2e: Jaeger is not installed; skipped because E2E_SKIP=1." >&2
    exit 0
  fi
  cat >&2 <<MSG
test:e2e: the Jaeger v2 binary is not installed, so the end-to-end suite cannot run.
  Install it (builds from the Go module proxy, needs Go; a cold build takes 5 to 12 minutes):
      scripts/e2e/jaeger.sh install
  or let this script do it:   E2E_INSTALL=1 npm run test:e2e
  or skip explicitly:         E2E_SKIP=1 npm run test:e2e
MSG
  exit 1
fi

trap '"$here/jaeger.sh" stop || true' EXIT
"$here/jaeger.sh" start
npx vitest run --config vitest.e2e.config.ts
