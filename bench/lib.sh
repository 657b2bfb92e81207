# Shared by the bench/*.sh scripts; source it, do not run it.
# shellcheck shell=bash
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results/latest}"
BENCH_JAR="$BENCH_DIR/jmh/target/benchmarks.jar"
GATEWAY_JAR="$REPO_DIR/target/wxgate.jar"

# The test account every script uses (the same constants as io.wxgate.bench.Fixture).
APP_ID="wx5823bf96d3bd56c7"
TOKEN="QDG6eKtoken"
AES_KEY="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFA"
CONTENT="hello wxgate"
REPLY_TEXT="hi"

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Builds the gateway jar and the benchmark jar (one reactor build, no install into ~/.m2).
build_all() {
  if [[ -f "$BENCH_JAR" && -f "$GATEWAY_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] \
     && [[ -z "$(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" "$BENCH_DIR/jmh/src" "$BENCH_DIR/jmh/pom.xml" \
                  -newer "$BENCH_JAR" -print -quit)" ]]; then
    return 0
  fi
  log "building target/wxgate.jar and bench/jmh/target/benchmarks.jar"
  (cd "$REPO_DIR" && ./mvnw -B -q -f bench/pom.xml -Dmaven.test.skip=true package) >&2 \
    || die "build failed"
}

# The command-line tools the scripts drive (wrk, jq, curl), from Debian's packages. A fresh machine
# may lack wrk: install what is missing when this is root with apt-get, otherwise say how.
require_tools() {
  local missing=() t
  for t in wrk jq curl; do command -v "$t" >/dev/null || missing+=("$t"); done
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} (apt-get)"
    { apt-get install -y -q "${missing[@]}" || { apt-get update -q && apt-get install -y -q "${missing[@]}"; }; } >&2 \
      || die "could not install ${missing[*]}"
  else
    die "missing ${missing[*]}: apt-get install ${missing[*]}"
  fi
}

require_jars() {
  [[ -f "$BENCH_JAR" && -f "$GATEWAY_JAR" ]] || build_all
}

# utime+stime of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat; the command
# name in field 2 may hold spaces, so count from after its closing parenthesis).
cpu_ticks() {
  local rest
  rest="$(sed 's/^.*) //' "/proc/$1/stat")"
  awk '{print $12 + $13}' <<<"$rest"
}

# A field of /proc/<pid>/status in kB (VmRSS, VmHWM).
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# Milliseconds since the epoch, without forking (bash 5).
now_ms() { local t="${EPOCHREALTIME/./}"; echo $((t / 1000)); }

# True when GET http://127.0.0.1:$1$2 answers 200 (bash /dev/tcp: no curl fork per poll).
http_ok() {
  local port="$1" path="$2" line
  { exec 9<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&9
  IFS= read -r -t 2 line <&9 || true
  exec 9>&-
  [[ "$line" == *" 200"* ]]
}

# Polls until $1:$2 answers 200 or $3 seconds pass; the process $4 must stay alive.
wait_http_ok() {
  local port="$1" path="$2" limit="$3" pid="$4" start
  start="$(now_ms)"
  [[ -n "${TICK_FD:-}" ]] || open_tick
  until http_ok "$port" "$path"; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( $(now_ms) - start > limit * 1000 )) && return 1
    read -r -t 0.005 -u "$TICK_FD" || true
  done
}

# A fifo held open read-write: "read -t" on it sleeps without forking a sleep process, so
# polling does not steal CPU from the JVM being measured.
open_tick() {
  local fifo
  fifo="$(mktemp -u /tmp/wxgate-bench-tick.XXXXXX)"
  mkfifo "$fifo"
  exec {TICK_FD}<>"$fifo"
  rm -f "$fifo"
}

# Stops a process we started and waits for it to exit (SIGTERM, then SIGKILL after 10 s).
stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A TCP port nothing listens on (random in 20000-59999; connect refused means free).
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 9<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

# Starts the gateway through the launcher (production JVM flags, plus $GATEWAY_JAVA_OPTS when set)
# with the bench account; wxgate.yaml content in $2. Sets GATEWAY_PID. Output goes to $3, or to
# $GATEWAY_OUTPUT when set (e.g. /dev/null, to see what writing the log costs).
start_gateway() {
  local port="$1" yaml="$2" logfile="$3" dir
  # under the calling script's $WORK, which its exit trap removes
  dir="$(mktemp -d "${WORK:?}/gateway.XXXXXX")"
  printf '%s\n' "$yaml" >"$dir/wxgate.yaml"
  env WXGATE_PORT="$port" WXGATE_HOST=127.0.0.1 \
    WXGATE_APP_ID="$APP_ID" WXGATE_TOKEN="$TOKEN" WXGATE_AES_KEY="$AES_KEY" \
    WXGATE_APP_SECRET=bench-secret-not-used WXGATE_WECHAT_API=http://127.0.0.1:9 \
    WXGATE_DATA_DIR="$dir/data" WXGATE_CONFIG="$dir/wxgate.yaml" WXGATE_LOG_FORMAT=json \
    JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}" "$REPO_DIR/wxgate" serve >"${GATEWAY_OUTPUT:-$logfile}" 2>&1 &
  GATEWAY_PID=$!
}

# Prometheus counter value (sum over label sets) from a scrape saved in $1.
metric() { awk -v m="$2" 'index($0, m) == 1 && $1 !~ /^#/ {s += $NF} END {printf "%d\n", s}' "$1"; }

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
