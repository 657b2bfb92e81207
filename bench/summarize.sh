#!/usr/bin/env bash
# Prints the results under $RESULTS_DIR (default bench/results/latest) as markdown tables.
# Usage: bench/summarize.sh [jmh|callback|startup|send ...]   (default: all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jmh() {
  local f="$RESULTS_DIR/jmh/jmh.json"
  [[ -f "$f" ]] || { echo "(no JMH results)"; return; }
  echo "### JMH: wxgate beside WxJava (same run; avgt, lower is better)"
  echo
  echo "| step | wxgate ns/op | WxJava ns/op | WxJava ÷ wxgate | wxgate B/op | WxJava B/op |"
  echo "|---|---:|---:|---:|---:|---:|"
  jq -r '
    def n: if type == "number" then floor else "?" end;
    map({step: (.benchmark | split(".") | last | sub("_(wxgate|wxjava)$"; "")),
         side: (.benchmark | capture("_(?<s>wxgate|wxjava)$").s // "other"),
         ns: .primaryMetric.score, err: .primaryMetric.scoreError,
         alloc: (.secondaryMetrics["gc.alloc.rate.norm"].score // null)})
    | group_by(.step)[]
    | (map(select(.side == "wxgate"))[0]) as $a | (map(select(.side == "wxjava"))[0]) as $b
    | select($a != null)
    | "| \($a.step) | \($a.ns | floor) ± \($a.err | n) | "
      + (if $b then "\($b.ns | floor) ± \($b.err | n)" else "–" end) + " | "
      + (if $b then "\(($b.ns / $a.ns) * 10 | floor / 10)×" else "–" end) + " | "
      + "\($a.alloc // "–" | if type == "number" then floor else . end) | "
      + (if $b then "\($b.alloc // "–" | if type == "number" then floor else . end)" else "–" end) + " |"' "$f"
  jq -r 'map(select(.benchmark | test("_wxgate$|_wxjava$") | not))[]
         | "| \(.benchmark | split(".") | last) | \(.primaryMetric.score | floor) | – | – | \(.secondaryMetrics["gc.alloc.rate.norm"].score // "–" | if type == "number" then floor else . end) | – |"' "$f"
  echo
}

callback() {
  local d="$RESULTS_DIR/callback"
  [[ -d "$d" ]] || { echo "(no callback results)"; return; }
  echo "### Callback over HTTP (wrk; same run)"
  echo
  echo "| run | req/s | callbacks served/s | p50 ms | p99 ms | errors | server CPU µs/req | cores used | peak RSS MB | RSS after MB | replies checked |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  local n
  for n in gateway-dedup-on gateway-dedup-off bare-virtual bare-platform; do
    [[ -f "$d/$n.json" ]] || continue
    jq -r 'if .skipped then "| \(.name) | skipped: \(.skipped) |||||||||" else
      "| \(.name) | \(.rps | floor) | \(.callbacks_served_per_s // "–" | if type == "number" then floor else . end) | \(.p50_ms) | \(.p99_ms) | \(.errors) | \(.cpu_us_per_request * 10 | floor / 10) | \(.cpu_cores_used * 100 | floor / 100) | \(.peak_rss_mb | floor) | \(.rss_after_mb | floor) | \(if .dedup == null then "–" else (.replies_checked | tostring) + (if .dedup then ", dups \(.server_duplicates)" else "" end) end) |" end' "$d/$n.json"
  done
  echo
  local on off bare
  on="$(jq -r '.rps // empty' "$d/gateway-dedup-on.json" 2>/dev/null || true)"
  off="$(jq -r '.rps // empty' "$d/gateway-dedup-off.json" 2>/dev/null || true)"
  bare="$(jq -r '.rps // empty' "$d/bare-virtual.json" 2>/dev/null || true)"
  local barep
  barep="$(jq -r '.rps // empty' "$d/bare-platform.json" 2>/dev/null || true)"
  if [[ -n "$bare" ]]; then
    [[ -n "$on" ]] && echo "- gateway (dedup on, distinct pushes) ÷ bare Javalin (virtual threads): $(jq -n "$on / $bare * 100 | floor")% (target ≥ 65%)"
    [[ -n "$off" ]] && echo "- gateway (dedup off, one push replayed) ÷ bare Javalin (virtual threads): $(jq -n "$off / $bare * 100 | floor")%"
    [[ -n "$barep" ]] && echo "- bare Javalin platform threads ÷ virtual threads: $(jq -n "$barep / $bare * 100 | floor")%"
  fi
  ls "$d"/*.json >/dev/null 2>&1 && echo "- load average after each run: $(jq -r 'select(.loadavg_after) | "\(.name) \(.loadavg_after)"' "$d"/*.json | paste -sd ';' | sed 's/;/; /g')"
  echo
}

startup() {
  local f="$RESULTS_DIR/startup/startup.json"
  [[ -f "$f" ]] || { echo "(no start-up results)"; return; }
  echo "### Start-up and memory"
  echo
  echo "| how | runs | ready ms (median) | min | max | RSS idle MB (median) |"
  echo "|---|---:|---:|---:|---:|---:|"
  jq -r '.[] | "| \(.variant) | \(.runs | length) | \(.ready_ms_median) | \(.ready_ms_min) | \(.ready_ms_max) | \(.rss_idle_mb_median) |"' "$f"
  local d="$RESULTS_DIR/callback/gateway-dedup-on.json"
  [[ -f "$d" ]] && jq -r 'select(.peak_rss_mb) | "\n- under the callback load (gateway-dedup-on): peak RSS \(.peak_rss_mb | floor) MB, RSS after \(.rss_after_mb | floor) MB"' "$d"
  echo
}

send() {
  local f="$RESULTS_DIR/send/send.json"
  [[ -f "$f" ]] || { echo "(no send-pipeline results)"; return; }
  echo "### Send pipeline"
  echo
  if jq -e '.skipped' "$f" >/dev/null; then echo "skipped: $(jq -r .skipped "$f")"; echo; return; fi
  echo "| database | sandbox latency ms | messages | accepted/s | sent/s | e2e p50 ms | e2e p99 ms | lost | extra sends at sandbox | sandbox-only req/s | sent ÷ ceiling | gateway CPU µs/sent | sandbox CPU µs/sent | PostgreSQL CPU µs/sent |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  jq -r '.runs[] | if .skipped then "| \(.db) | \(.latency_ms) | skipped: \(.skipped) |||||||||||" else "| \(.db) | \(.latency_ms) | \(.messages) | \(.accepted_per_s | floor) | \(.sent_per_s | floor) | \(.e2e_p50_ms) | \(.e2e_p99_ms) | \(if .timed_out then "? (\(.unsent) unsent after \(.seconds | floor) s)" else .lost end) | \(if .timed_out then "–" else .sandbox_extra_calls end) | \(.sandbox_rps // "–" | if type == "number" then floor else . end) | \(if .sandbox_rps then (.sent_per_s / .sandbox_rps * 100 | floor | tostring) + "%" else "–" end) | \(.gateway_cpu_us_per_sent // "–" | if type == "number" then floor else . end) | \(.sandbox_cpu_us_per_sent // "–" | if type == "number" then floor else . end) | \(.postgres_cpu_us_per_sent // "–" | if type == "number" then floor else . end) |" end' "$f"
  echo
}

parts=("$@")
((${#parts[@]})) || parts=(jmh callback startup send)
for p in "${parts[@]}"; do "$p"; done
