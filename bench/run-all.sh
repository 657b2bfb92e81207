#!/usr/bin/env bash
# wxgate benchmarks, one command, about 10 minutes on 2 cores: builds what it needs, then
#   1. JMH: each step of the callback path and the whole in-process pipeline, beside WxJava
#   2. callback over HTTP (wrk): gateway with dedup on + distinct pushes, dedup off + one push,
#      bare Javalin (virtual and platform threads)
#   3. start-up to /healthz and idle RSS
#   4. send pipeline through the outbox into the sandbox (skipped while those are not on the branch)
# Results: bench/results/<timestamp>/ (bench/results/latest points at the newest), summary.md.
# Env: SKIP="jmh callback startup send" to leave parts out; JMH_ARGS to override JMH's options;
#      DURATION, WARMUP, THREADS, CONNECTIONS (callback-http.sh), STARTUP_RUNS, MESSAGES, ...
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$(date +%Y%m%d-%H%M%S)"
export RESULTS_DIR="$BENCH_DIR/results/$stamp"
source "$BENCH_DIR/lib.sh"
require_tools
mkdir -p "$RESULTS_DIR"
# a part run alone before writes into a plain directory "latest": keep it under another name, or
# the link would be made inside it
if [[ -d "$BENCH_DIR/results/latest" && ! -L "$BENCH_DIR/results/latest" ]]; then
  mv "$BENCH_DIR/results/latest" "$BENCH_DIR/results/parts-before-$stamp"
fi
ln -sfn "$stamp" "$BENCH_DIR/results/latest"
SKIP=" ${SKIP:-} "
started="$(now_ms)"

{
  echo "date:    $(date -u +%FT%TZ)"
  echo "commit:  $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO_DIR" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "cpus:    $(nproc) × $(lscpu | sed -n 's/^Model name: *//p')"
  echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel:  $(uname -r)"
  echo "jdk:     $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "wrk:     $(wrk --version 2>&1 | head -1 || true)"
  echo "loadavg: $(load_avg) at start"
} | tee "$RESULTS_DIR/machine.txt" >&2

build_all

if [[ "$SKIP" != *" jmh "* ]]; then
  mkdir -p "$RESULTS_DIR/jmh"
  log "JMH (about 2 minutes); load $(load_avg)"
  # shellcheck disable=SC2086
  "$JAVA" -jar "$BENCH_JAR" ${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc} \
    -rf json -rff "$RESULTS_DIR/jmh/jmh.json" >"$RESULTS_DIR/jmh/jmh.txt" 2>&1 \
    || { tail -30 "$RESULTS_DIR/jmh/jmh.txt" >&2; die "JMH failed"; }
  echo "loadavg after JMH: $(load_avg)" >>"$RESULTS_DIR/machine.txt"
fi
part_done() { echo "$1 done at $(( ($(now_ms) - started) / 1000 )) s" >>"$RESULTS_DIR/machine.txt"; }
part_done build+jmh
[[ "$SKIP" == *" callback "* ]] || { "$BENCH_DIR/callback-http.sh" >/dev/null; part_done callback; }
[[ "$SKIP" == *" startup "* ]] || { STARTUP_RUNS="${STARTUP_RUNS:-3}" IDLE_SECONDS="${IDLE_SECONDS:-3}" "$BENCH_DIR/startup.sh" >/dev/null; part_done startup; }
# each of the four send runs stops waiting after SEND_TIMEOUT s (then reports sent/s so far); at
# the target rate 20,000 messages take seconds, so this only bounds today's slower pipeline
[[ "$SKIP" == *" send "* ]] || { SEND_TIMEOUT="${SEND_TIMEOUT:-45}" "$BENCH_DIR/send-pipeline.sh" >/dev/null; part_done send; }
echo "loadavg: $(load_avg) at end; total $(( ($(now_ms) - started) / 1000 )) s" >>"$RESULTS_DIR/machine.txt"

{
  echo "## wxgate benchmarks $stamp"
  echo
  echo '```'
  cat "$RESULTS_DIR/machine.txt"
  echo '```'
  echo
  "$BENCH_DIR/summarize.sh"
} | tee "$RESULTS_DIR/summary.md"
