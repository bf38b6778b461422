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

log() { printf 'jaeger.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

installed() { [[ -x "$BIN" ]]; }

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

pid_alive() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" 2>/dev/null || true; }

ready() {
  [[ "$(http_code "http://$HOST:$HEALTH_PORT/status")" == 200 ]] &&
    [[ "$(http_code "http://$HOST:$QUERY_PORT/api/services")" == 200 ]] &&
    # an empty ExportTraceServiceRequest is accepted (200) and stores nothing
    [[ "$(http_code -X POST -H 'Content-Type: application/json' -d '{}' \
          "http://$HOST:$OTLP_HTTP_PORT/v1/traces")" == 200 ]]
}

cmd_start() {
  installed || die "not installed: run '$0 install' first"
  command -v curl >/dev/null || die "curl is required"
  if pid_alive; then
    die "already running (pid $(cat "$PID_FILE")); run '$0 stop' first"
  fi
  mkdir -p "$RUN_DIR"
  : >"$LOG_FILE"
  # No --config => the binary uses its embedded all-in-one config (memory storage).
  # JAEGER_LISTEN_HOST is read by that embedded config for all of its listeners;
  # jaeger_query's endpoints are not templated there, so they are set explicitly.
  # We also trim the all-in-one to what the tests need (OTLP receiver only, no
  # sampling/expvar/zpages servers, no self-tracing, no :8888 metrics).
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
  local pid=$!
  echo "$pid" >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT))
  while ! ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log "process exited during startup; last log lines:"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "jaeger failed to start"
    fi
    if ((SECONDS >= deadline)); then
      log "not ready after ${START_TIMEOUT}s; last log lines:"
      tail -n 30 "$LOG_FILE" >&2 || true
      cmd_stop || true
      die "jaeger did not become ready"
    fi
    sleep 0.2
  done
  # guard against answering for a foreign server that already held the ports
  sleep 0.3
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    tail -n 30 "$LOG_FILE" >&2 || true
    die "jaeger exited right after startup (port already in use?)"
  fi
  log "ready (pid $pid): OTLP/HTTP http://$HOST:$OTLP_HTTP_PORT/v1/traces, query http://$HOST:$QUERY_PORT, log $LOG_FILE"
}

cmd_stop() {
  if ! [[ -f "$PID_FILE" ]]; then
    log "not running (no pid file)"
    return 0
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not exit after SIGTERM; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 1 25); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
    fi
    log "stopped (pid $pid)"
  else
    log "stale pid file (pid $pid not running)"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  if pid_alive && ready; then
    log "running and ready (pid $(cat "$PID_FILE"))"
  elif pid_alive; then
    log "running but NOT ready (pid $(cat "$PID_FILE"))"
    return 1
  else
    log "not running"
    return 1
  fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  path) echo "$BIN" ;;
  log) echo "$LOG_FILE" ;;
  *)
    echo "usage: $0 {install|start|stop|status|path|log}" >&2
    exit 2
    ;;
esac
