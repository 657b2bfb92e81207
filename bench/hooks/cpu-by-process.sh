#!/usr/bin/env bash
# A MEASURE_HOOK for send-pipeline.sh: where the machine's CPU goes during the measured phase.
#   MEASURE_HOOK=bench/hooks/cpu-by-process.sh bench/send-pipeline.sh
# Called as "<hook> start|stop <gateway pid> <run name>"; on stop it prints, and writes to
# /tmp/wxgate-cpu-<run>.txt, the elapsed time, the CPU ticks (1/100 s) of every process name that
# used more than 5 between start and stop (processes that lived through the phase), and the
# machine's total and idle ticks from /proc/stat.
set -euo pipefail
what="$1" run="$3"
state="/tmp/wxgate-cpu-$run"

snapshot() { # "<name> <ticks>" per process name, plus __total__ and __idle__
  local f
  for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null || true; done |
    sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1|\2/' |
    awk -F'|' '{ split($2, a, " "); gsub(/ /, "_", $1); t[$1] += a[11] + a[12] }
               END { for (k in t) print k, t[k] }'
  awk 'NR == 1 { print "__total__", $2 + $3 + $4 + $5 + $6 + $7 + $8; print "__idle__", $5 }' /proc/stat
}

case "$what" in
  start)
    snapshot | sort >"$state.start"
    date +%s%N >"$state.t0"
    ;;
  stop)
    snapshot | sort >"$state.stop"
    {
      echo "elapsed_ms $((($(date +%s%N) - $(cat "$state.t0")) / 1000000))"
      join "$state.start" "$state.stop" | awk '$3 - $2 > 5 || /^__/ { print $1, $3 - $2 }' | sort -k2 -rn
    } | tee "/tmp/wxgate-cpu-$run.txt" >&2
    rm -f "$state.start" "$state.stop" "$state.t0"
    ;;
esac
