#!/usr/bin/env bash
# npm run test:e2e — the end-to-end suite against a real Jaeger v2 and a real OpenTelemetry
# Collector (the Collector mode) on loopback.
#
# Starts Jaeger, runs test/e2e with vitest (the Collector test starts and stops its own
# Collector with the generated configuration), and stops what it started. Both binaries are
# built from the Go module proxy by `scripts/e2e/jaeger.sh install` and
# `scripts/e2e/collector.sh install` (cached). Grafana Tempo is not built or run here (its
# module is AGPL-licensed); examples/tempo runs Grafana's own image.
#
#   E2E_INSTALL=1   build Jaeger and the Collector first when missing (CI does this; a cold
#                   build takes minutes each)
#   E2E_SKIP=1      skip the suite when they are not installed, instead of failing
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [[ "${E2E_INSTALL:-0}" == 1 ]]; then
  "$here/jaeger.sh" install
  "$here/collector.sh" install
fi

if [[ ! -x "$("$here/jaeger.sh" path)" || ! -x "$("$here/collector.sh" path)" ]]; then
  if [[ "${E2E_SKIP:-0}" == 1 ]]; then
    echo "test:e2e: Jaeger or the Collector is not installed; skipped because E2E_SKIP=1." >&2
    exit 0
  fi
  cat >&2 <<MSG
test:e2e: the Jaeger v2 or the Collector binary is not installed, so the end-to-end suite
cannot run. Install them (builds from the Go module proxy, needs Go; a cold build takes 5 to
12 minutes each):
      scripts/e2e/jaeger.sh install && scripts/e2e/collector.sh install
  or let this script do it:   E2E_INSTALL=1 npm run test:e2e
  or skip explicitly:         E2E_SKIP=1 npm run test:e2e
MSG
  exit 1
fi

trap '"$here/jaeger.sh" stop || true' EXIT
"$here/jaeger.sh" start
npx vitest run --config vitest.e2e.config.ts
