# shellcheck shell=bash
# Process handling of jaeger.sh (sourced, not run). The sourcing script
# defines NAME, BIN, PID_FILE, LOG_FILE, START_TIMEOUT, STOP_GRACE_SECONDS, and the
# functions ready (the backend answers), launch (starts it in the background, output to
# $LOG_FILE), cmd_install, describe_ready (one line for the log) and after_stop.

log() { printf '%s.sh: %s\n' "$NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

installed() { [[ -x "$BIN" ]]; }

pid_alive() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" 2>/dev/null || true; }

# Waits until $1 (pid) is alive and `ready`, within START_TIMEOUT seconds.
wait_until_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT))
  while ! ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log "process exited during startup; last log lines:"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "$NAME failed to start"
    fi
    if ((SECONDS >= deadline)); then
      log "not ready after ${START_TIMEOUT}s; last log lines:"
      tail -n 30 "$LOG_FILE" >&2 || true
      cmd_stop || true
      die "$NAME did not become ready"
    fi
    sleep 0.2
  done
  # guard against answering for a foreign server that already held the ports
  sleep 0.3
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    tail -n 30 "$LOG_FILE" >&2 || true
    die "$NAME exited right after startup (port already in use?)"
  fi
}

cmd_start() {
  installed || die "not installed: run '$0 install' first"
  command -v curl >/dev/null || die "curl is required"
  if pid_alive; then
    die "already running (pid $(cat "$PID_FILE")); run '$0 stop' first"
  fi
  mkdir -p "$(dirname "$PID_FILE")"
  : >"$LOG_FILE"
  launch
  local pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_ready "$pid"
  log "ready (pid $pid): $(describe_ready), log $LOG_FILE"
}

wait_gone() {
  local pid=$1 steps=$2
  for _ in $(seq 1 "$steps"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  ! kill -0 "$pid" 2>/dev/null
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
    if ! wait_gone "$pid" $((STOP_GRACE_SECONDS * 5)); then
      log "pid $pid still running ${STOP_GRACE_SECONDS}s after SIGTERM; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
      wait_gone "$pid" 25 || true
    fi
    log "stopped (pid $pid)"
  else
    log "stale pid file (pid $pid not running)"
  fi
  rm -f "$PID_FILE"
  after_stop
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

dispatch() {
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
}
