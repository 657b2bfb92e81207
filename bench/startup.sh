#!/usr/bin/env bash
# Start-up and idle memory: time from process start to GET /healthz = 200, and RSS once idle.
# Variants (each STARTUP_RUNS times, median reported):
#   launcher            ./wxgate serve as users run it: JDK probe, its JVM flags and its start-up
#                       cache (AOT cache on JDK 25+, AppCDS on 21-24; made by an untimed first start)
#   launcher-restart    the same on the data directory of an earlier start (a restart: the
#                       database holds every migration, Flyway is skipped); the others start on a
#                       fresh one
#   launcher-no-cds     the same with WXGATE_CDS=off
#   java-jar            plain java -jar with container-style flags, no launcher, no cache
# RSS under the callback load is measured by callback-http.sh (peak VmHWM, VmRSS after).
# Env: STARTUP_RUNS=5 IDLE_SECONDS=5 RESULTS_DIR=bench/results/latest
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${STARTUP_RUNS:-5}"
IDLE_SECONDS="${IDLE_SECONDS:-5}"
OUT="$RESULTS_DIR/startup"
WORK="$(mktemp -d /tmp/wxgate-bench-startup.XXXXXX)"
mkdir -p "$OUT"
PID=""
cleanup() {
  [[ -n "$PID" ]] && stop_pid "$PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
require_jars
open_tick

YAML="callback:
  autoReplies:
    - {keyword: hello, match: prefix, reply: $REPLY_TEXT}"

# Starts one gateway the given way; prints "<ready ms> <idle RSS kB>".
one_start() { # variant port logfile
  local variant="$1" port="$2" logfile="$3" t0 t1 rss dir
  if [[ "$variant" == launcher-restart ]]; then
    dir="$WORK/restart" # the database an earlier start made: every migration applied
    mkdir -p "$dir"
  else
    dir="$(mktemp -d "$WORK/run.XXXXXX")" # a first start: the migrations are applied
  fi
  printf '%s\n' "$YAML" >"$dir/wxgate.yaml"
  local -a envs=(WXGATE_PORT="$port" WXGATE_HOST=127.0.0.1 WXGATE_APP_ID="$APP_ID"
    WXGATE_TOKEN="$TOKEN" WXGATE_AES_KEY="$AES_KEY" WXGATE_APP_SECRET=bench-secret-not-used
    WXGATE_WECHAT_API=http://127.0.0.1:9 WXGATE_DATA_DIR="$dir/data"
    WXGATE_CONFIG="$dir/wxgate.yaml" WXGATE_LOG_FORMAT=json)
  t0="$(now_ms)"
  case "$variant" in
    launcher | launcher-restart) env "${envs[@]}" JAVA_OPTS= "$REPO_DIR/wxgate" serve >"$logfile" 2>&1 & ;;
    java-jar) env "${envs[@]}" "$JAVA" -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError \
                -jar "$GATEWAY_JAR" serve >"$logfile" 2>&1 & ;;
    launcher-no-cds) env "${envs[@]}" JAVA_OPTS= WXGATE_CDS=off \
                "$REPO_DIR/wxgate" serve >"$logfile" 2>&1 & ;;
  esac
  PID=$!
  wait_http_ok "$port" /healthz 60 "$PID" || { tail -20 "$logfile" >&2; die "$variant did not start"; }
  t1="$(now_ms)"
  sleep "$IDLE_SECONDS"
  rss="$(status_kb "$PID" VmRSS)"
  stop_pid "$PID"
  PID=""
  echo "$((t1 - t0)) $rss"
}

log "start-up: $RUNS runs per variant; load $(load_avg)"
# one untimed start so the jar and JDK files are in the page cache for every variant alike (and
# the launcher has made its start-up cache for this build)
"$REPO_DIR/wxgate" --version >/dev/null # makes the launcher's start-up cache if this build has none
one_start launcher-restart "$(free_port)" "$OUT/prime.log" >/dev/null # also makes the restart's database
results=()
for variant in launcher launcher-restart launcher-no-cds java-jar; do
  runs=()
  for ((i = 1; i <= RUNS; i++)); do
    read -r ms rss < <(one_start "$variant" "$(free_port)" "$OUT/$variant-$i.log")
    runs+=("{\"ready_ms\":$ms,\"rss_idle_kb\":$rss}")
    log "$variant #$i: ready in $ms ms, idle RSS $((rss / 1024)) MB"
  done
  results+=("$(printf '%s\n' "${runs[@]}" | jq -s --arg v "$variant" --arg load "$(load_avg)" '
    (map(.ready_ms) | sort) as $t | (map(.rss_idle_kb) | sort) as $r
    | {variant: $v, runs: ., ready_ms_median: $t[(length / 2 | floor)], ready_ms_min: $t[0],
       ready_ms_max: $t[-1], rss_idle_mb_median: ($r[(length / 2 | floor)] / 1024 | floor),
       loadavg_after: $load}')")
done
printf '%s\n' "${results[@]}" | jq -s . >"$OUT/startup.json"
"$BENCH_DIR/summarize.sh" startup
