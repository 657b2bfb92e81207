#!/usr/bin/env bash
# Send pipeline: MESSAGES template messages through POST /api/v1/messages/batch into a gateway
# whose WeChat is the sandbox (./wxgate sandbox), with sandbox latency 0 ms and 50 ms, on H2 and on
# PostgreSQL. Reports accepted/s, sent/s, end-to-end p50/p99 from accept to SENT (the message's
# updatedAt − createdAt: the sandbox pushes no receipts (--callback none), so nothing moves a
# message on from SENT and the sandbox spends nothing on them), and lost = messages not SENT. The
# per-AppID send rate and the per-client API rate are raised in wxgate.yaml so they do not cap the
# measurement. One gateway per database is started and warmed up once (WARMUP_MESSAGES sent and
# drained in rounds at each measured latency in turn), then measured at each latency in turn;
# before each measurement the sandbox alone is driven by wrk at the outbox's concurrency (its
# ceiling) and the ratio printed.
# Needs the outbox, the message API and the sandbox command on the branch being measured; when
# they are missing it records "skipped" and exits 0.
# A run that is not finished after SEND_TIMEOUT seconds reports what was SENT by then (sent/s over
# that time) and "unsent" instead of "lost".
# Also: CPU µs per message of the gateway and of the sandbox over the measured phase.
# Env: GATEWAY_JAVA_OPTS (extra flags for the gateway, e.g. a JFR recording), MEASURE_HOOK (a
#      command run as "$MEASURE_HOOK start|stop <gateway pid> <db>-<latency>" around the measured
#      phase, e.g. to attach a profiler), MESSAGES=20000 BATCH=1000
#      WARMUP_MESSAGES=100000 (sent and drained before the first measurement) LATENCIES="0 50"
#      DATABASES="h2 postgresql" SEND_TIMEOUT=180
#      WORKERS=400 (the gateway's outbox.workers, whose default is 200, and the connections of the
#      sandbox-only ceiling: at 50 ms, 200 workers cap sends at 4,000/s by Little's law and the
#      sandbox alone answers 3,100-3,900/s at 200 connections, so 200 would measure concurrency,
#      not the pipeline's cost)
#      OUTBOX_BATCH_SIZE (outbox.batchSize, most messages one claim takes; the gateway's default 200)
#      PG_URL=jdbc:postgresql://127.0.0.1:5432/test PG_USER=postgres
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MESSAGES="${MESSAGES:-20000}"
BATCH="${BATCH:-1000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-100000}"
LATENCIES="${LATENCIES:-0 50}"
DATABASES="${DATABASES:-h2 postgresql}"
SEND_TIMEOUT="${SEND_TIMEOUT:-180}"
WORKERS="${WORKERS:-400}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
PG_USER="${PG_USER:-postgres}"
SECRET="benchsecretbenchsecretbenchsec01"
API_KEY="bench-api-key-0123456789"
OPENID="oBenchUser000000000000000001"
TEMPLATE_ID="bench_template_0001"
OUT="$RESULTS_DIR/send"
WORK="$(mktemp -d /tmp/wxgate-bench-send.XXXXXX)"
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
open_tick

skip() {
  log "send pipeline skipped: $1"
  jq -n --arg why "$1" '{skipped: $why}' >"$OUT/send.json"
  "$BENCH_DIR/summarize.sh" send
  exit 0
}

"$JAVA" -jar "$GATEWAY_JAR" --help 2>/dev/null | grep -qE '^ +sandbox ' || skip "no 'wxgate sandbox' command on this branch"

start_sandbox() { # port latency
  "$JAVA" -XX:MaxRAMPercentage=25 -jar "$GATEWAY_JAR" sandbox --port "$1" \
    --account "$APP_ID:$SECRET:$TOKEN:$AES_KEY" --callback none >"$OUT/sandbox-$1.log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=("$SANDBOX_PID")
  wait_http_ok "$1" /sandbox/stats 60 "$SANDBOX_PID" || die "sandbox did not start"
  set_latency "$1" "$2"
}

# The sandbox alone at the outbox's concurrency: template sends per second.
sandbox_ceiling() { # port
  local token
  token="$(curl -fsS "http://127.0.0.1:$1/cgi-bin/token?grant_type=client_credential&appid=$APP_ID&secret=$SECRET" | jq -r .access_token)"
  # a cold sandbox JVM answers at well under half its warm rate: warm it before measuring
  wrk -t2 -c"$WORKERS" -d"${CEILING_WARMUP_SECONDS:-5}"s -s "$BENCH_DIR/wrk/template-send.lua" "http://127.0.0.1:$1" \
    -- "$token" "$OPENID" "$TEMPLATE_ID" >/dev/null 2>&1 || true
  wrk -t2 -c"$WORKERS" -d"${CEILING_SECONDS:-5}"s -s "$BENCH_DIR/wrk/template-send.lua" "http://127.0.0.1:$1" \
    -- "$token" "$OPENID" "$TEMPLATE_ID" >"$WORK/ceiling.txt" 2>&1 || { cat "$WORK/ceiling.txt" >&2; return 1; }
  sed -n 's/^RESULT //p' "$WORK/ceiling.txt" | jq '.requests / (.duration_us / 1e6)'
}

template_calls() { # port -> how many template sends the sandbox has recorded
  curl -fsS "http://127.0.0.1:$1/sandbox/stats" | jq '.template // 0'
}

settle_sandbox() { # port: waits until the sandbox's template count stops moving
  local prev=-1 cur
  cur="$(template_calls "$1")"
  while ((cur != prev)); do
    prev=$cur
    read -r -t 0.5 -u "$TICK_FD" || true
    cur="$(template_calls "$1")"
  done
}

api() { # method path [body]
  curl -sS -X "$1" -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
    ${3:+--data-binary "@$3"} -w '\n%{http_code}' "http://127.0.0.1:$GW_PORT$2"
}

submit() { # batch files... -> prints how many messages the gateway accepted
  local f body code n=0
  for f in "$@"; do
    body="$(api POST /api/v1/messages/batch "$f")"
    code="$(tail -1 <<<"$body")"
    [[ "$code" == 202 ]] || die "batch answered $code: $(head -c 300 <<<"$body")"
    n=$((n + $(head -n -1 <<<"$body" | jq .accepted)))
  done
  echo "$n"
}

batch_file() { # index -> a file with BATCH template messages
  local f="$WORK/batch-$1.json"
  jq -n --argjson n "$BATCH" --arg app "$APP_ID" --arg to "$OPENID" --arg tpl "$TEMPLATE_ID" --arg b "$1" \
    '{messages: [range($n) | {appId: $app, type: "template", toUser: $to, templateId: $tpl,
       data: {thing1: {value: "bench \($b)-\(.)"}}}]}' >"$f"
  echo "$f"
}

sent_count() { # from the gateway's own counter (only that family: polled 5 times a second, a
  # whole scrape was a fifth of the bytes the gateway allocated during a measured phase)
  curl -fsS "http://127.0.0.1:$GW_PORT/metrics?name%5B%5D=wxgate_outbox_sends_total" | awk '/^wxgate_outbox_sends_total/ && /result="sent"/ {s += $NF} END {printf "%d\n", s}'
}

set_latency() { # port latency
  curl -fsS -X POST -H 'Content-Type: application/json' \
    -d "{\"latencyMinMs\":$2,\"latencyMaxMs\":$2,\"dailyQuota\":100000000}" \
    "http://127.0.0.1:$1/sandbox/faults" >/dev/null
}

iso_ms() { # epoch ms -> ISO-8601 UTC with milliseconds
  printf '%s.%03dZ' "$(date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%S)" $(($1 % 1000))
}

# One gateway per database: started, warmed up once (WARMUP_MESSAGES, in rounds at each of the
# measured latencies in turn, so the JIT has compiled the send path), then measured at each latency.
one_db() { # db
  local db="$1" sp dir db_env=() code i latency warm=0 files=() warm_files=()
  sp="$(free_port)"
  start_sandbox "$sp" 0
  dir="$(mktemp -d "$WORK/gw.XXXXXX")"
  local schema=""
  if [[ "$db" == postgresql ]]; then
    schema="bench_$(date +%s)_$RANDOM"
    db_env=(WXGATE_DB_URL="$PG_URL?currentSchema=$schema" WXGATE_DB_USER="$PG_USER" WXGATE_DB_PASSWORD=)
    if command -v psql >/dev/null; then psql -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" -qc "create schema $schema" >/dev/null; fi
  fi
  # rate limits raised so they do not cap the measurement (the defaults protect WeChat quotas)
  printf '%s\n' "outbox:
  perAppRate: 100000
  workers: $WORKERS${OUTBOX_BATCH_SIZE:+
  batchSize: $OUTBOX_BATCH_SIZE}
api:
  perClientRate: 100000" >"$dir/wxgate.yaml"
  GW_PORT="$(free_port)"
  env WXGATE_PORT="$GW_PORT" WXGATE_HOST=127.0.0.1 WXGATE_APP_ID="$APP_ID" WXGATE_TOKEN="$TOKEN" \
    WXGATE_AES_KEY="$AES_KEY" WXGATE_APP_SECRET="$SECRET" WXGATE_WECHAT_API="http://127.0.0.1:$sp" \
    WXGATE_API_KEYS="bench:$API_KEY" WXGATE_DATA_DIR="$dir/data" WXGATE_CONFIG="$dir/wxgate.yaml" \
    WXGATE_LOG_FORMAT=json "${db_env[@]}" JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}" "$REPO_DIR/wxgate" serve \
    >"$OUT/gateway-$db.log" 2>&1 &
  local gw=$!
  PIDS+=("$gw")
  wait_http_ok "$GW_PORT" /healthz 60 "$gw" || { tail -20 "$OUT/gateway-$db.log" >&2; die "gateway did not start"; }
  # is the message API there at all?
  code="$(api GET '/api/v1/messages?limit=1' | tail -1)"
  [[ "$code" == 200 ]] || { stop_pid "$gw"; stop_pid "$SANDBOX_PID"; skip "GET /api/v1/messages answered $code (message API not on this branch?)"; }
  for ((i = 0; i < MESSAGES / BATCH; i++)); do files+=("$(batch_file "$i")"); done
  # warm-up: a fresh JVM compiles the send path over its first ~100,000 messages (C2 still used a
  # third of the gateway's CPU in a phase measured after 20,000); measure only what comes after.
  # Rounds of at most 10 batches, each drained before the next (a backlog of 100,000 slows H2's
  # claims several times over, and a queue that long is not what is being measured), cycling
  # through the measured latencies: at 50 ms, 400 sends in flight take paths in the HTTP client,
  # its connection pool and virtual-thread parking that a warm-up at 0 ms never reaches (C2 then
  # used a quarter of the gateway's CPU in the 50 ms phase, `-XX:+PrintCompilation`, 2026-12-07).
  for ((i = 0; i < WARMUP_MESSAGES / BATCH; i++)); do warm_files+=("$(batch_file "w$i")"); done
  local tw0 tw1 round latencies
  read -r -a latencies <<<"$LATENCIES"
  tw0="$(now_ms)"
  for ((i = 0; i < ${#warm_files[@]}; i += 10)); do
    set_latency "$sp" "${latencies[$((i / 10 % ${#latencies[@]}))]}"
    round="$(submit "${warm_files[@]:i:10}")"
    warm=$((warm + round))
    until (($(sent_count) >= warm)); do read -r -t 0.2 -u "$TICK_FD" || true; done
  done
  tw1="$(now_ms)"
  log "$db: $warm warm-up messages sent in $((tw1 - tw0)) ms"
  for latency in $LATENCIES; do measure "$db" "$latency" "$sp" "$gw" "${files[@]}"; done
  stop_pid "$gw"
  stop_pid "$SANDBOX_PID"
  if [[ "$db" == postgresql ]] && command -v psql >/dev/null; then
    psql -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" -qc "drop schema if exists $schema cascade" >/dev/null 2>&1 || true
  fi
}

# utime+stime of every process named postgres on this machine (the server's backends, WAL writer,
# checkpointer, autovacuum), in clock ticks: processes that end during a phase are not counted.
postgres_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(postgres)" { t += $14 + $15 } END { print t + 0 }'
}

measure() { # db latency sandbox-port gateway-pid batch-files...
  local db="$1" latency="$2" sp="$3" gw="$4" t0 t1 t_done accepted=0 sent timed_out=false before
  shift 4
  set_latency "$sp" "$latency"
  local ceiling
  ceiling="$(sandbox_ceiling "$sp" || echo null)"
  settle_sandbox "$sp" # requests still queued when wrk stopped must not count as the gateway's
  curl -fsS -X DELETE "http://127.0.0.1:$sp/sandbox/requests" >/dev/null || true
  before="$(sent_count)"
  # a checkpoint due anyway lands before the phase, not in it: PostgreSQL's CPU for the same 20,000
  # messages doubled between two runs when one (forced by max_wal_size) fell inside the phase
  if [[ "$db" == postgresql ]] && command -v psql >/dev/null; then
    psql -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" -qc checkpoint >/dev/null 2>&1 || true
  fi
  sleep 1
  local gw_ticks0 sb_ticks0 pg_ticks0 gw_ticks sb_ticks pg_ticks
  gw_ticks0="$(cpu_ticks "$gw")"
  sb_ticks0="$(cpu_ticks "$SANDBOX_PID")"
  pg_ticks0="$(postgres_ticks)"
  [[ -z "${MEASURE_HOOK:-}" ]] || $MEASURE_HOOK start "$gw" "$db-$latency"
  t0="$(now_ms)"
  accepted="$(submit "$@")"
  t1="$(now_ms)"
  log "$db, ${latency} ms: $accepted accepted in $((t1 - t0)) ms; waiting for SENT"
  while true; do
    sent=$(($(sent_count) - before))
    ((sent >= accepted)) && break
    (($(now_ms) - t0 > SEND_TIMEOUT * 1000)) && { log "timed out with $sent of $accepted sent"; timed_out=true; break; }
    read -r -t 0.2 -u "$TICK_FD" || true
  done
  t_done="$(now_ms)"
  [[ -z "${MEASURE_HOOK:-}" ]] || $MEASURE_HOOK stop "$gw" "$db-$latency"
  gw_ticks=$(($(cpu_ticks "$gw") - gw_ticks0))
  sb_ticks=$(($(cpu_ticks "$SANDBOX_PID") - sb_ticks0))
  pg_ticks=$(($(postgres_ticks) - pg_ticks0))
  # every SENT message of this phase, read back through the API: counts and accept→SENT latencies
  local cursor="" page n=0 from
  from="$(iso_ms "$t0")"
  : >"$WORK/sent.jsonl"
  while true; do
    page="$(api GET "/api/v1/messages?status=SENT&appId=$APP_ID&from=$from&limit=500${cursor:+&cursor=$cursor}" | head -n -1)"
    jq -c '.items[] | {createdAt, updatedAt}' <<<"$page" >>"$WORK/sent.jsonl"
    cursor="$(jq -r '.nextCursor // empty' <<<"$page")"
    [[ -n "$cursor" ]] || break
    n=$((n + 1)); ((n > 1000)) && break
  done
  local sandbox_sends
  sandbox_sends="$(template_calls "$sp")" # since the DELETE above: this phase's sends only
  jq -s --arg db "$db" --argjson latency "$latency" --argjson messages "$MESSAGES" \
    --argjson accepted "$accepted" --argjson t0 "$t0" --argjson t1 "$t1" --argjson tdone "$t_done" \
    --argjson ceiling "$ceiling" --argjson sandbox "$sandbox_sends" --argjson timedout "$timed_out" --argjson warm "$WARMUP_MESSAGES" \
    --argjson gwticks "$gw_ticks" --argjson sbticks "$sb_ticks" --argjson pgticks "$pg_ticks" --argjson hz "$CLK_TCK" --argjson workers "$WORKERS" '
    def ms: (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1000
            + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") + "000" | .[0:3] | tonumber);
    (map(select((.createdAt | ms) >= $t0) | (.updatedAt | ms) - (.createdAt | ms)) | sort) as $e2e
    | def per_sent(ticks): if ($e2e | length) > 0 then ticks / $hz * 1e6 / ($e2e | length) else null end;
    {db: $db, latency_ms: $latency, messages: $messages, accepted: $accepted, workers: $workers,
       accepted_per_s: ($accepted / (($t1 - $t0) / 1000)),
       sent: ($e2e | length), sent_per_s: (($e2e | length) / (($tdone - $t0) / 1000)),
       e2e_p50_ms: ($e2e | .[(length * 0.5 | floor)]), e2e_p99_ms: ($e2e | .[(length * 0.99 | floor)]),
       timed_out: $timedout, seconds: (($tdone - $t0) / 1000),
       lost: (if $timedout then null else $messages - ($e2e | length) end),
       unsent: ($messages - ($e2e | length)), sandbox_template_calls: $sandbox,
       sandbox_extra_calls: ($sandbox - ($e2e | length)), warmup_messages: $warm,
       gateway_cpu_us_per_sent: per_sent($gwticks), sandbox_cpu_us_per_sent: per_sent($sbticks),
       postgres_cpu_us_per_sent: (if $db == "postgresql" then per_sent($pgticks) else null end),
       sandbox_rps: $ceiling}' "$WORK/sent.jsonl" >"$OUT/run-$db-$latency.json"
  log "$db, ${latency} ms: $(jq -c . "$OUT/run-$db-$latency.json")"
}

log "send pipeline: $MESSAGES messages in batches of $BATCH; load $(load_avg)"
rm -f "$OUT"/run-*.json
for db in $DATABASES; do one_db "$db"; done
jq -s '{runs: .}' "$OUT"/run-*.json >"$OUT/send.json"
"$BENCH_DIR/summarize.sh" send
