#!/usr/bin/env bash
# Backend smoke test with curl only (no project code): POST one OTLP/HTTP JSON span
# with string/bool/int/double attributes to a running backend, then check that the
# backend's query API finds it by those attributes.
#
#   scripts/e2e/smoke.sh jaeger   # expects `scripts/e2e/jaeger.sh start` to have run
#
# Uses the same port variables as jaeger.sh. Needs curl and node.
set -euo pipefail

BACKEND="${1:-}"
HOST=127.0.0.1
TIMEOUT_S="${SMOKE_TIMEOUT:-30}"

fail=0
pass=0
check() { # name, actual, expected
  if [[ "$2" == "$3" ]]; then
    pass=$((pass + 1)); printf 'ok    %s\n' "$1"
  else
    fail=$((fail + 1)); printf 'FAIL  %s: got %s, want %s\n' "$1" "$2" "$3"
  fi
}

hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
SERVICE="e2e-smoke-$(hex 4)"
TRACE_ID="$(hex 16)"
SPAN_ID="$(hex 8)"
END_NS="$(date +%s%N)"
START_NS=$((END_NS - 250000000))

payload() {
  cat <<JSON
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"$SERVICE"}}]},
 "scopeSpans":[{"scope":{"name":"otel-agent-failure-smoke","version":"0.0.0"},
  "spans":[{"traceId":"$TRACE_ID","spanId":"$SPAN_ID","name":"llm.call","kind":3,
   "startTimeUnixNano":"$START_NS","endTimeUnixNano":"$END_NS",
   "attributes":[
    {"key":"failure.reason","value":{"stringValue":"provider_rate_limit"}},
    {"key":"retry.safe","value":{"boolValue":false}},
    {"key":"failure.retry_after_ms","value":{"intValue":"1500"}},
    {"key":"failure.score","value":{"doubleValue":0.75}}],
   "status":{"code":2,"message":"429 Too Many Requests"}}]}]}]}
JSON
}

post() { # url
  curl -sS -f -m 10 -X POST -H 'Content-Type: application/json' --data-binary @- "$1" >/dev/null
}

# count traces in a Jaeger /api/traces or Tempo /api/search response on stdin
count() {
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let j;try{j=JSON.parse(s)}catch{console.log(-1);return}
    const a=j.data??j.traces; console.log(Array.isArray(a)?a.length:0)})'
}

# poll until the query returns >=1 trace; prints the elapsed ms
wait_found() { # curl args...
  local t0 n
  t0=$(date +%s%N)
  while :; do
    n="$(curl -s -m 5 "$@" | count)"
    if [[ "$n" =~ ^[1-9] ]]; then echo $((($(date +%s%N) - t0) / 1000000)); return 0; fi
    if (( ($(date +%s%N) - t0) / 1000000000 >= TIMEOUT_S )); then echo "timeout"; return 1; fi
    sleep 0.1
  done
}

case "$BACKEND" in
  jaeger)
    OTLP="http://$HOST:${JAEGER_OTLP_HTTP_PORT:-4318}/v1/traces"
    Q="http://$HOST:${JAEGER_QUERY_PORT:-16686}"
    payload | post "$OTLP"
    ms="$(wait_found -G "$Q/api/traces" --data-urlencode "service=$SERVICE" \
      --data-urlencode 'tags={"failure.reason":"provider_rate_limit"}')" || true
    check "string tag search finds span (after ${ms}ms)" "$([[ $ms =~ ^[0-9]+$ ]] && echo yes)" yes
    n() { curl -s -G "$Q/api/traces" --data-urlencode "service=$SERVICE" --data-urlencode "tags=$1" | count; }
    check 'tags={"retry.safe":"false"}' "$(n '{"retry.safe":"false"}')" 1
    check 'tags={"retry.safe":"true"} (no match)' "$(n '{"retry.safe":"true"}')" 0
    check 'tags={"failure.retry_after_ms":"1500"}' "$(n '{"failure.retry_after_ms":"1500"}')" 1
    check 'tags={"failure.retry_after_ms":"1501"} (no match)' "$(n '{"failure.retry_after_ms":"1501"}')" 0
    check 'tags={"failure.score":"0.75"}' "$(n '{"failure.score":"0.75"}')" 1
    types="$(curl -s "$Q/api/traces/$TRACE_ID" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      const t=JSON.parse(s).data[0].spans[0].tags; const g=k=>{const x=t.find(e=>e.key===k);return x?x.type+":"+JSON.stringify(x.value):"missing"};
      console.log([g("failure.reason"),g("retry.safe"),g("failure.retry_after_ms"),g("failure.score")].join(" "))})')"
    check "tag types" "$types" 'string:"provider_rate_limit" bool:false int64:1500 float64:0.75'
    check "/api/services lists service" \
      "$(curl -s "$Q/api/services" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.includes(process.argv[1])))' "$SERVICE")" true
    ;;
  *)
    echo "usage: $0 jaeger" >&2
    exit 2
    ;;
esac

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
