#!/usr/bin/env bash
# Jaeger v2 (all-in-one, in-memory storage) for the end-to-end tests.
#
#   scripts/e2e/jaeger.sh install   # build the pinned version from the Go module proxy (cached)
#   scripts/e2e/jaeger.sh start     # run it in the background on 127.0.0.1 and wait until ready
#   scripts/e2e/jaeger.sh stop      # stop the instance started by `start`
#   scripts/e2e/jaeger.sh status    # exit 0 if running
#   scripts/e2e/jaeger.sh path      # print the binary path
#   scripts/e2e/jaeger.sh log       # print the log file path
#
# Environment (all optional):
#   JAEGER_OTLP_HTTP_PORT  (4318)   OTLP/HTTP receiver       -> POST /v1/traces
#   JAEGER_OTLP_GRPC_PORT  (4317)   OTLP/gRPC receiver
#   JAEGER_QUERY_PORT      (16686)  query HTTP API (/api/..., /api/v3/...)
#   JAEGER_QUERY_GRPC_PORT (16685)  query gRPC API
#   JAEGER_HEALTH_PORT     (13133)  healthcheckv2 HTTP       -> GET /status
#   JAEGER_HEALTH_GRPC_PORT (13132) healthcheckv2 gRPC (cannot be disabled via --set)
#   JAEGER_START_TIMEOUT   (30)     seconds to wait for readiness
#   JAEGER_RUN_DIR                  where pid + log files go (default: <cache>/run/jaeger)
#   XDG_CACHE_HOME                  cache root (default: $HOME/.cache)
#
# Jaeger v2 is published as a Go module with *v1* tags: module tag v1.76.0 is the
# release "v1.76.0 / v2.13.0" and contains the v2 binary cmd/jaeger.
set -euo pipefail

# ---- pinned version (the only place to change) ------------------------------
JAEGER_MODULE=github.com/jaegertracing/jaeger
JAEGER_MODULE_VERSION=v1.76.0   # Go module tag
JAEGER_V2_VERSION=v2.13.0       # the matching Jaeger v2 release name
# -----------------------------------------------------------------------------

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/otel-agent-failure"
BIN_DIR="$CACHE_ROOT/bin"
BIN="$BIN_DIR/jaeger-$JAEGER_V2_VERSION"
RUN_DIR="${JAEGER_RUN_DIR:-$CACHE_ROOT/run/jaeger}"
PID_FILE="$RUN_DIR/jaeger.pid"
LOG_FILE="$RUN_DIR/jaeger.log"

OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT:-4318}"
OTLP_GRPC_PORT="${JAEGER_OTLP_GRPC_PORT:-4317}"
QUERY_PORT="${JAEGER_QUERY_PORT:-16686}"
QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT:-16685}"
HEALTH_PORT="${JAEGER_HEALTH_PORT:-13133}"
HEALTH_GRPC_PORT="${JAEGER_HEALTH_GRPC_PORT:-13132}"
START_TIMEOUT="${JAEGER_START_TIMEOUT:-30}"
HOST=127.0.0.1

NAME=jaeger
# shellcheck source=scripts/e2e/daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

cmd_install() {
  if installed; then
    log "already installed: $BIN (skipping build)"
    return 0
  fi
  command -v go >/dev/null || die "go is not on PATH"
  mkdir -p "$BIN_DIR"
  local start=$SECONDS json dir tmp
  # `go install $JAEGER_MODULE/cmd/jaeger@$JAEGER_MODULE_VERSION` does NOT work:
  # the module's go.mod has a replace directive (github.com/Shopify/sarama).
  # So: download the module (with checksum verification) into the module cache and
  # build inside that (read-only) directory; its go.sum pins every dependency.
  log "downloading $JAEGER_MODULE@$JAEGER_MODULE_VERSION ..."
  json="$(cd / && GOWORK=off GOFLAGS='' go mod download -json "$JAEGER_MODULE@$JAEGER_MODULE_VERSION")" ||
    die "go mod download failed: $json"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  [[ -n "$dir" && -f "$dir/go.mod" ]] || die "go mod download did not yield a module directory: $json"
  tmp="$BIN.tmp.$$"
  log "building $dir/cmd/jaeger (cold build takes several minutes) ..."
  local vpkg="$JAEGER_MODULE/internal/version"
  (cd "$dir" && GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    go build -trimpath \
      -ldflags "-s -w -X $vpkg.latestVersion=$JAEGER_V2_VERSION -X $vpkg.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      -o "$tmp" ./cmd/jaeger) || { rm -f "$tmp"; die "go build failed"; }
  mv -f "$tmp" "$BIN"
  log "installed $BIN in $((SECONDS - start))s"
}

ready() {
  [[ "$(http_code "http://$HOST:$HEALTH_PORT/status")" == 200 ]] &&
    [[ "$(http_code "http://$HOST:$QUERY_PORT/api/services")" == 200 ]] &&
    # an empty ExportTraceServiceRequest is accepted (200) and stores nothing
    [[ "$(http_code -X POST -H 'Content-Type: application/json' -d '{}' \
          "http://$HOST:$OTLP_HTTP_PORT/v1/traces")" == 200 ]]
}

STOP_GRACE_SECONDS=10

# No --config => the binary uses its embedded all-in-one config (memory storage).
# JAEGER_LISTEN_HOST is read by that embedded config for all of its listeners;
# jaeger_query's endpoints are not templated there, so they are set explicitly.
# We also trim the all-in-one to what the tests need (OTLP receiver only, no
# sampling/expvar/zpages servers, no self-tracing, no :8888 metrics).
launch() {
  JAEGER_LISTEN_HOST="$HOST" nohup "$BIN" \
    --set=receivers.otlp.protocols.http.endpoint="$HOST:$OTLP_HTTP_PORT" \
    --set=receivers.otlp.protocols.grpc.endpoint="$HOST:$OTLP_GRPC_PORT" \
    --set=extensions.jaeger_query.http.endpoint="$HOST:$QUERY_PORT" \
    --set=extensions.jaeger_query.grpc.endpoint="$HOST:$QUERY_GRPC_PORT" \
    --set=extensions.jaeger_query.enable_tracing=false \
    --set=extensions.healthcheckv2.http.endpoint="$HOST:$HEALTH_PORT" \
    --set=extensions.healthcheckv2.grpc.endpoint="$HOST:$HEALTH_GRPC_PORT" \
    --set='service.extensions=[jaeger_storage,jaeger_query,healthcheckv2]' \
    --set='service.pipelines.traces.receivers=[otlp]' \
    --set=service.telemetry.metrics.level=none \
    >>"$LOG_FILE" 2>&1 </dev/null &
}

describe_ready() { echo "OTLP/HTTP http://$HOST:$OTLP_HTTP_PORT/v1/traces, query http://$HOST:$QUERY_PORT"; }
after_stop() { :; }

dispatch "$@"
