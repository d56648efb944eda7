#!/usr/bin/env bash
# Relay overhead, streaming and not, at several connection counts: wrk against the mock upstream alone
# and against Modelgate in front of it, in one run, so the difference is what the relay adds.
# Usage: benchmarks/scripts/relay-load.sh BASE_URL KEY MODEL   (e.g. http://127.0.0.1:9080/v1 sk-bench chat)
# Needs the mock of ../shared/bench (node openai-mock.js 18080) and Modelgate routing MODEL to it
# (benchmarks/relay-bench-policy.yaml). SECS and CONNS override the duration and connection counts.
# PACE_MS=N makes each connection wait N ms between requests (wrk's delay()), so latency is measured at a
# set load below saturation rather than with every connection queued behind a CPU-bound server.
set -eu
base=${1%/}; key=$2; model=$3
secs=${SECS:-10}; conns=${CONNS:-"1 16 64"}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 2; }
lua() { # $1 file, $2 model, $3 stream (true|false), $4 authorization
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"$2","stream":$3,"messages":[{"role":"user","content":"Summarise: the quick brown fox jumps over the lazy dog."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$4"
LUA
  if [ -n "${PACE_MS:-}" ]; then echo "function delay() return ${PACE_MS} end" >>"$1"; fi
}
for s in false true; do
  lua "$work/mock-$s.lua" mock-model $s "Bearer sk-none"
  lua "$work/modelgate-$s.lua" "$model" $s "Bearer $key"
done
printf "%-10s %-6s %5s %10s %9s %9s %9s %s\n" target stream conns req/s p50 p90 p99 errors
for s in false true; do
  for c in $conns; do
    for t in "mock|http://127.0.0.1:18080/v1/chat/completions" "modelgate|$base/chat/completions"; do
      name=${t%%|*}; url=${t#*|}
      wrk -t1 -c"$c" -d3s -s "$work/$name-$s.lua" "$url" >/dev/null 2>&1 || true
      out=$(wrk -t1 -c"$c" -d"${secs}"s --latency -s "$work/$name-$s.lua" "$url" 2>&1)
      rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
      p50=$(awk '/ 50%/{print $2}' <<<"$out"); p90=$(awk '/ 90%/{print $2}' <<<"$out"); p99=$(awk '/ 99%/{print $2}' <<<"$out")
      err=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)
      printf "%-10s %-6s %5s %10s %9s %9s %9s %s\n" "$name" "$s" "$c" "$rps" "$p50" "$p90" "$p99" "$err"
    done
  done
done
