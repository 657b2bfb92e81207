#!/usr/bin/env bash
# Callback over HTTP: wrk replays signed safe-mode text pushes against
#   gateway-dedup-on   the gateway with production settings, every push distinct (a pre-generated
#                      pool larger than the run, cycled by wrk/pool.lua): each request is a callback
#                      really served (verify, decrypt, parse, dedup claim, route, encrypted reply)
#   gateway-dedup-off  callback.dedupEnabled=false, one push replayed: the same work minus the dedup
#                      store, without the pool
#   bare-virtual       a bare Javalin endpoint answering a fixed 200 (virtual threads, like the gateway)
#   bare-platform      the same on Jetty's platform thread pool
# Each: warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION; requests/s, p50/p99, errors, server
# CPU per request (utime+stime from /proc/<pid>/stat before/after the run ÷ requests), peak RSS.
# Sampled answers are decrypted and checked (bench/jmh ReplyCheck), and the gateway's own counters
# prove how many requests were callbacks served and how many were duplicates.
# Usage: bench/callback-http.sh [which...]   (default: all four)
# Env: DURATION=20 WARMUP=10 THREADS=2 CONNECTIONS=64 RESULTS_DIR=bench/results/latest
#      PROFILE=1 records JFR (settings=profile) in the dedup-on gateway: results/.../callback/*.jfr
#      GATEWAY_JAVA_OPTS adds JVM flags to the launcher's (e.g. to try a heap size or GC)
#      GATEWAY_YAML adds configuration (e.g. "server: {virtualThreads: true}")
#      GATEWAY_OUTPUT sends the gateway's output there instead of results/.../*.gateway.log
#      WARM_POOL=600000 POOL_MIN=1000000 POOL_MAX=2400000 distinct pushes (warm-up, run)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
# distinct pushes for the warm-up: enough for 10 s at 60,000 req/s, so the warm-up, like the run,
# sends no duplicate (a pool that wrapped made the duplicate path hot, and C2 recompiled and
# deoptimised the first-seen path during the measured run: 100-350 compiles per 5 s against 50-140)
WARM_POOL="${WARM_POOL:-600000}"
POOL_MIN="${POOL_MIN:-1000000}"
POOL_MAX="${POOL_MAX:-2400000}"
PROBES="${PROBES:-5}"
OUT="$RESULTS_DIR/callback"
WORK="$(mktemp -d /tmp/wxgate-bench-http.XXXXXX)"
mkdir -p "$OUT"

PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

require_tools
require_jars

pool() { # file count firstMsgId
  "$JAVA" -Xmx1g -cp "$BENCH_JAR" io.wxgate.bench.RequestPool "$1" "$2" "$3" "$APP_ID" "$TOKEN" "$AES_KEY" "$CONTENT"
}

wrk_run() { # port poolfile seconds outfile -> prints the RESULT json
  POOL="$2" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency -s "$BENCH_DIR/wrk/pool.lua" \
    "http://127.0.0.1:$1" -- "$THREADS" >"$4" 2>&1 || { cat "$4" >&2; die "wrk failed"; }
  sed -n 's/^RESULT //p' "$4"
}

# Runs the measured load against $pid on $port with $poolfile; writes $OUT/$name.json.
measure() { # name pid port poolfile extra-json
  local name="$1" pid="$2" port="$3" poolfile="$4" extra="$5" t0 t1 result
  t0="$(cpu_ticks "$pid")"
  result="$(wrk_run "$port" "$poolfile" "$DURATION" "$OUT/$name.wrk.txt")"
  t1="$(cpu_ticks "$pid")"
  jq -n --arg name "$name" --argjson wrk "$result" --argjson extra "$extra" \
    --argjson ticks "$((t1 - t0))" --argjson clk "$CLK_TCK" \
    --argjson hwm "$(status_kb "$pid" VmHWM)" --argjson rss "$(status_kb "$pid" VmRSS)" \
    --arg load "$(load_avg)" --argjson threads "$THREADS" --argjson conns "$CONNECTIONS" '
    ($wrk.duration_us / 1e6) as $secs
    | ($wrk.err_connect + $wrk.err_read + $wrk.err_write + $wrk.err_status + $wrk.err_timeout) as $errs
    | {name: $name, threads: $threads, connections: $conns, seconds: $secs,
       requests: $wrk.requests, rps: ($wrk.requests / $secs),
       p50_ms: ($wrk.p50_us / 1000), p90_ms: ($wrk.p90_us / 1000), p99_ms: ($wrk.p99_us / 1000),
       max_ms: ($wrk.max_us / 1000), errors: $errs, non_2xx: $wrk.err_status,
       cpu_us_per_request: (if $wrk.requests > 0 then $ticks * 1e6 / $clk / $wrk.requests else null end),
       cpu_cores_used: ($ticks / $clk / $secs),
       peak_rss_mb: ($hwm / 1024), rss_after_mb: ($rss / 1024),
       pool: $wrk.pool, pool_wraps: $wrk.pool_wraps, loadavg_after: $load} + $extra' \
    >"$OUT/$name.json"
  log "$name: $(jq -r '"\(.rps|floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, errors \(.errors), \(.cpu_us_per_request|.*10|floor/10) µs CPU/req, peak RSS \(.peak_rss_mb|floor) MB"' "$OUT/$name.json")"
}

scrape() { curl -fsS "http://127.0.0.1:$1/metrics" >"$2"; }

# Sends $PROBES fresh pushes with curl and checks every answer decrypts to the configured reply.
probe() { # port firstMsgId name
  local port="$1" name="$3" i files=()
  pool "$WORK/probe.txt" "$PROBES" "$2"
  i=0
  while IFS=$'\t' read -r path body; do
    i=$((i + 1))
    curl -fsS -X POST -H 'Content-Type: text/xml' --data-binary "$body" \
      "http://127.0.0.1:$port$path" -o "$OUT/$name.probe-$i.xml"
    files+=("$OUT/$name.probe-$i.xml")
  done <"$WORK/probe.txt"
  "$JAVA" -cp "$BENCH_JAR" io.wxgate.bench.ReplyCheck "$TOKEN" "$AES_KEY" "$APP_ID" "$REPLY_TEXT" \
    "${files[@]}" >"$OUT/$name.probe.txt" 2>&1
}

gateway_run() { # name dedupEnabled
  local name="$1" dedup="$2" port pid runpool warm warm_rps size before after probe_ok=true
  port="$(free_port)"
  local yaml="callback:
  dedupEnabled: $dedup
  autoReplies:
    - {keyword: hello, match: prefix, reply: $REPLY_TEXT}
${GATEWAY_YAML:-}"
  log "$name: starting the gateway on :$port (./wxgate serve, JSON logs, access log on)"
  local saved_opts="${GATEWAY_JAVA_OPTS:-}"
  if [[ "${PROFILE:-0}" == 1 && "$dedup" == true ]]; then
    # JFR sampling for the whole life of the process; read it with: jfr view hot-methods <file>
    GATEWAY_JAVA_OPTS="$saved_opts -XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile"
  fi
  start_gateway "$port" "$yaml" "$OUT/$name.gateway.log"
  pid="$GATEWAY_PID"
  GATEWAY_JAVA_OPTS="$saved_opts"
  PIDS+=("$pid")
  if ! wait_http_ok "$port" /healthz 60 "$pid"; then
    tail -20 "$OUT/$name.gateway.log" >&2
    log "$name: gateway did not become healthy; skipped"
    jq -n --arg name "$name" '{name: $name, skipped: "gateway did not start (see log)"}' >"$OUT/$name.json"
    stop_pid "$pid"
    return 0
  fi
  if [[ "$dedup" == true ]]; then
    pool "$WORK/warm.txt" "$WARM_POOL" 1000000000
    warm="$WORK/warm.txt"
  else
    pool "$WORK/one.txt" 1 1
    warm="$WORK/one.txt"
  fi
  log "$name: warm-up ${WARMUP}s"
  warm_rps="$(wrk_run "$port" "$warm" "$WARMUP" "$OUT/$name.warmup.txt" | jq '.requests / (.duration_us / 1e6) | floor')"
  if [[ "$dedup" == true ]]; then
    # four times what the warm-up rate would need (the run is 2-3x faster once the JIT is done,
    # and one wrk thread may send a third more than the other, each cycling its own half), so no
    # push repeats in the measured run; the server's duplicate counter proves it afterwards
    size=$((warm_rps * DURATION * 4))
    ((size < POOL_MIN)) && size=$POOL_MIN
    ((size > POOL_MAX)) && size=$POOL_MAX
    log "$name: generating $size distinct pushes (warm-up ran at $warm_rps req/s)"
    pool "$WORK/run.txt" "$size" 2000000000
    runpool="$WORK/run.txt"
  else
    runpool="$WORK/one.txt"
  fi
  scrape "$port" "$OUT/$name.metrics-before.txt"
  log "$name: measuring ${DURATION}s"
  measure "$name" "$pid" "$port" "$runpool" "{}"
  scrape "$port" "$OUT/$name.metrics-after.txt"
  probe "$port" 3000000000 "$name" || probe_ok=false
  before="$OUT/$name.metrics-before.txt"
  after="$OUT/$name.metrics-after.txt"
  local acc dup rej miss herr
  acc=$(($(metric "$after" wxgate_callback_accepted_total) - $(metric "$before" wxgate_callback_accepted_total)))
  dup=$(($(metric "$after" wxgate_callback_duplicates_total) - $(metric "$before" wxgate_callback_duplicates_total)))
  rej=$(($(metric "$after" wxgate_callback_rejected_total) - $(metric "$before" wxgate_callback_rejected_total)))
  miss=$(($(metric "$after" wxgate_callback_deadline_misses_total) - $(metric "$before" wxgate_callback_deadline_misses_total)))
  herr=$(($(metric "$after" wxgate_callback_handler_errors_total) - $(metric "$before" wxgate_callback_handler_errors_total)))
  jq --argjson acc "$acc" --argjson dup "$dup" --argjson rej "$rej" --argjson miss "$miss" \
    --argjson herr "$herr" --argjson probe "$probe_ok" --arg dedup "$dedup" \
    '. + {dedup: ($dedup == "true"), server_accepted: $acc, server_duplicates: $dup,
          server_rejected: $rej, server_deadline_misses: $miss, server_handler_errors: $herr,
          callbacks_served_per_s: (($acc - $dup) / .seconds), replies_checked: $probe}' \
    "$OUT/$name.json" >"$OUT/$name.json.tmp" && mv "$OUT/$name.json.tmp" "$OUT/$name.json"
  log "$name: server counted accepted=$acc duplicates=$dup rejected=$rej deadline-misses=$miss; replies decrypt and check: $probe_ok"
  [[ "$probe_ok" == true ]] || cat "$OUT/$name.probe.txt" >&2
  stop_pid "$pid"
  # the JVM's own account of the run (GC, safepoints) is in the log; keep the tail for the record
}

bare_run() { # name virtual|platform
  local name="$1" mode="$2" port pid
  port="$(free_port)"
  log "$name: starting a bare Javalin endpoint on :$port ($mode threads)"
  "$JAVA" -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} \
    -cp "$BENCH_JAR" io.wxgate.bench.BareServer "$port" "$mode" >"$OUT/$name.server.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_http_ok "$port" /healthz 60 "$pid" || die "$name did not start"
  [[ -f "$WORK/one.txt" ]] || pool "$WORK/one.txt" 1 1
  wrk_run "$port" "$WORK/one.txt" "$WARMUP" "$OUT/$name.warmup.txt" >/dev/null
  measure "$name" "$pid" "$port" "$WORK/one.txt" "{\"threads_mode\": \"$mode\"}"
  stop_pid "$pid"
}

which=("$@")
((${#which[@]})) || which=(gateway-dedup-on gateway-dedup-off bare-virtual bare-platform)
log "callback over HTTP: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s warm-up; load $(load_avg)"
for w in "${which[@]}"; do
  case "$w" in
    gateway-dedup-on) gateway_run gateway-dedup-on true ;;
    gateway-dedup-off) gateway_run gateway-dedup-off false ;;
    bare-virtual) bare_run bare-virtual virtual ;;
    bare-platform) bare_run bare-platform platform ;;
    *) die "unknown run $w" ;;
  esac
done
"$BENCH_DIR/summarize.sh" callback
