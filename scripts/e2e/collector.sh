#!/usr/bin/env bash
# A small, pinned OpenTelemetry Collector (module collector/) for the end-to-end tests.
# Test tooling only: it is not a dependency of the npm package.
#
#   scripts/e2e/collector.sh install            # build collector/ into the cache (skipped if present)
#   scripts/e2e/collector.sh validate CONFIG    # `otelcol validate --config CONFIG`
#   scripts/e2e/collector.sh start CONFIG [MORE] # run it in the background and wait until ready
#                                               # (more configs are merged over the first)
#   scripts/e2e/collector.sh stop               # stop the instance started by `start`
#   scripts/e2e/collector.sh status             # exit 0 if running and ready
#   scripts/e2e/collector.sh path               # print the binary path
#   scripts/e2e/collector.sh log                # print the log file path
#   scripts/e2e/collector.sh components         # list the built-in component types
#
# Components: receivers otlp; processors transform, batch; exporters otlp_http,
# debug, file; connectors count. The version is pinned in collector/go.mod (the one
# place to change: core v0.x modules, the matching core v1.x modules and contrib
# modules all at one release); this script reads it from there.
#
# Environment (all optional). The port variables are exported to the collector, so
# a CONFIG can say e.g. `endpoint: 127.0.0.1:${env:COLLECTOR_OTLP_HTTP_PORT:-14318}`.
# Readiness is an OTLP/HTTP POST to 127.0.0.1:$COLLECTOR_OTLP_HTTP_PORT/v1/traces, so
# CONFIG must have an otlp receiver with its HTTP protocol on that address.
#   COLLECTOR_OTLP_HTTP_PORT (14318)  OTLP/HTTP receiver port     -> POST /v1/traces
#   COLLECTOR_OTLP_GRPC_PORT (14317)  OTLP/gRPC receiver port (only if CONFIG uses it)
#   COLLECTOR_METRICS_LEVEL  (none)   forced service.telemetry.metrics.level (none = no
#                                     :8888 self-metrics server); empty = keep CONFIG's
#   COLLECTOR_START_TIMEOUT  (30)     seconds to wait for readiness
#   COLLECTOR_RUN_DIR                 where pid + log files go (default: <cache>/run/collector)
#   XDG_CACHE_HOME                    cache root (default: $HOME/.cache)
#
# The binary is otelcol-aaf-<version>-<hash of collector/{go.mod,go.sum,main.go}>, so
# any change to the module gives a new binary name and `install` rebuilds. A cold build
# takes about 6 minutes on 2 cores (~0.9 GB peak RSS); the binary is ~44 MB.
#
# Pitfalls: the file exporter truncates its file at start and writes at its own offset,
# so a test that empties the file while the collector runs gets NUL bytes unless the
# exporter has `append: true`; it buffers for `flush_interval` (default 1s), and traces
# and metrics written to one file come in no fixed order. The count connector skips a
# span that lacks one of the metric's `attributes` keys unless that key has a
# `default_value`.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE_DIR="$REPO_ROOT/collector"
[[ -f "$MODULE_DIR/go.mod" ]] || { echo "collector.sh: missing $MODULE_DIR/go.mod" >&2; exit 1; }

# ---- pinned version: read from collector/go.mod ------------------------------
COLLECTOR_VERSION="$(awk '$1 == "go.opentelemetry.io/collector/otelcol" { print $2; exit }' "$MODULE_DIR/go.mod")"
[[ -n "$COLLECTOR_VERSION" ]] || { echo "collector.sh: no otelcol version in collector/go.mod" >&2; exit 1; }
# -----------------------------------------------------------------------------

module_hash() {
  cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" "$MODULE_DIR/main.go" | sha256sum | cut -c1-12
}

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/otel-agent-failure"
BIN_DIR="$CACHE_ROOT/bin"
BIN="$BIN_DIR/otelcol-aaf-$COLLECTOR_VERSION-$(module_hash)"
RUN_DIR="${COLLECTOR_RUN_DIR:-$CACHE_ROOT/run/collector}"
PID_FILE="$RUN_DIR/collector.pid"
LOG_FILE="$RUN_DIR/collector.log"

export COLLECTOR_OTLP_HTTP_PORT="${COLLECTOR_OTLP_HTTP_PORT:-14318}"
export COLLECTOR_OTLP_GRPC_PORT="${COLLECTOR_OTLP_GRPC_PORT:-14317}"
METRICS_LEVEL="${COLLECTOR_METRICS_LEVEL-none}"
START_TIMEOUT="${COLLECTOR_START_TIMEOUT:-30}"
HOST=127.0.0.1
CONFIG=""

NAME=collector
# shellcheck source=scripts/e2e/daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

cmd_install() {
  if installed; then
    log "already installed: $BIN (skipping build)"
    return 0
  fi
  command -v go >/dev/null || die "go is not on PATH"
  mkdir -p "$BIN_DIR"
  local start=$SECONDS tmp="$BIN.tmp.$$"
  # -mod=readonly: go.sum pins every dependency and is never rewritten here.
  log "building $MODULE_DIR (collector $COLLECTOR_VERSION; cold build takes several minutes) ..."
  (cd "$MODULE_DIR" && GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w -X main.version=${COLLECTOR_VERSION#v}" -o "$tmp" .) ||
    { rm -f "$tmp"; die "go build failed"; }
  mv -f "$tmp" "$BIN"
  log "installed $BIN in $((SECONDS - start))s"
}

# Sets CONFIG to the absolute path of $1 (a readable file); CONFIG_FLAGS to --config for it
# and each further file (the collector merges them in order).
CONFIG_FLAGS=()
set_config() {
  local command="$1"
  shift
  [[ -n "${1:-}" ]] || die "usage: $0 $command CONFIG.yaml [MORE.yaml ...]"
  local file
  for file in "$@"; do
    [[ -f "$file" && -r "$file" ]] || die "config not found: $file"
    CONFIG_FLAGS+=(--config "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")")
  done
  CONFIG="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

metrics_flags() {
  if [[ -n "$METRICS_LEVEL" ]]; then
    printf '%s\n' "--set=service.telemetry.metrics.level=$METRICS_LEVEL"
  fi
}

cmd_validate() {
  installed || die "not installed: run '$0 install' first"
  local flags
  mapfile -t flags < <(metrics_flags)
  "$BIN" validate "${CONFIG_FLAGS[@]}" "${flags[@]}" || die "invalid config: $CONFIG"
  log "config is valid: $CONFIG"
}

ready() {
  # an empty ExportTraceServiceRequest is accepted (200) and exports nothing
  [[ "$(http_code -X POST -H 'Content-Type: application/json' -d '{}' \
        "http://$HOST:$COLLECTOR_OTLP_HTTP_PORT/v1/traces")" == 200 ]]
}

STOP_GRACE_SECONDS=10

# Receivers start after processors, connectors and exporters, so the OTLP port
# answering means every pipeline is up.
launch() {
  local flags
  mapfile -t flags < <(metrics_flags)
  nohup "$BIN" "${CONFIG_FLAGS[@]}" "${flags[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
}

describe_ready() { echo "OTLP/HTTP http://$HOST:$COLLECTOR_OTLP_HTTP_PORT/v1/traces, config $CONFIG"; }
after_stop() { :; }

# Replaces daemon.sh's dispatch: validate/start take a config argument.
dispatch() {
  case "${1:-}" in
    install) cmd_install ;;
    validate) shift && set_config validate "$@" && cmd_validate ;;
    start) shift && set_config start "$@" && cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    path) echo "$BIN" ;;
    log) echo "$LOG_FILE" ;;
    components)
      installed || die "not installed: run '$0 install' first"
      "$BIN" components
      ;;
    *)
      echo "usage: $0 {install|validate CONFIG [MORE]|start CONFIG [MORE]|stop|status|path|log|components}" >&2
      exit 2
      ;;
  esac
}

dispatch "$@"
