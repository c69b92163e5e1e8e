#!/usr/bin/env bash
# Load benchmark: haoban's HTTP server against a minimal Beast server ("hello"), measured with wrk
# in the same run on the same machine. Builds nothing: `make bench` builds first, or run
#   ninja -C build haoban bench_hello_server && bench/load/run.sh
#
# What it does:
#   1. seeds a throw-away demo store, starts `haoban serve` (access log off, log level warn,
#      HAOBAN_SERVER_IO_THREADS=1 so it is like-for-like with the single-threaded baseline),
#      waits for /readyz and logs in as clerk.scjg;
#   2. starts build/bench/bench_hello_server on another free port;
#   3. runs wrk with the same settings against hello `/`, haoban `/healthz` and haoban
#      `/api/v1/me` (authenticated with `Authorization: Bearer TOKEN`), the servers pinned to one
#      core and wrk to another when taskset and two cores are available;
#   4. repeats the haoban routes with the default io threads (one per core) unless DEFAULT_PASS=0;
#   5. prints requests/s, p50/p90/p99 latency and each haoban route's ratio to the baseline, and
#      whether the target holds: authenticated JSON route >= TARGET_PCT % of the baseline's req/s.
#
# Settings (environment):
#   DURATION=10s  CONNECTIONS=50  WRK_THREADS=1  WARMUP=2s (0 to skip)  TARGET_PCT=60
#   SERVER_CPU=0  CLIENT_CPU=1    (taskset core lists; PIN=0 disables pinning)
#   DEFAULT_PASS=1                (second haoban pass with default io threads)
#   BUILD=build  RESULTS_DIR=     (keep raw wrk output there; default: a temp dir, removed)
#
# Exit status: 0 target holds; 1 the run failed (a server did not start or died, login failed,
# a route did not answer 200, wrk saw non-2xx/3xx responses); 2 the run was valid but the target
# was missed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BUILD="${BUILD:-build}"
HAOBAN="$BUILD/src/app/haoban"
HELLO="$BUILD/bench/bench_hello_server"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
WRK_THREADS="${WRK_THREADS:-1}"
WARMUP="${WARMUP:-2s}"
TARGET_PCT="${TARGET_PCT:-60}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PIN="${PIN:-1}"
DEFAULT_PASS="${DEFAULT_PASS:-1}"
USERNAME="clerk.scjg"
PASSWORD="Haoban@2026"

die() { echo "bench: $*" >&2; exit 1; }

for exe in "$HAOBAN" "$HELLO"; do
  [[ -x "$exe" ]] || die "$exe is missing: build first (make bench, or ninja -C $BUILD haoban bench_hello_server)"
done
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"

# ---------------------------------------------------------------------------------------------
# Processes and temp dirs: everything started here is stopped on exit, whatever the exit path.
TMP="$(mktemp -d "${TMPDIR:-/tmp}/haoban-bench.XXXXXX")"
RAW="${RESULTS_DIR:-$TMP/raw}"
mkdir -p "$RAW"
PIDS=()

stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do stop_pid "$pid"; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# CPU pinning: servers on SERVER_CPU, wrk on CLIENT_CPU, so neither steals the other's core.
SERVER_PIN=()
CLIENT_PIN=()
PINNING="none"
if [[ "$PIN" != 0 ]] && command -v taskset >/dev/null && (( $(nproc) >= 2 )) &&
   taskset -c "$SERVER_CPU" true 2>/dev/null && taskset -c "$CLIENT_CPU" true 2>/dev/null; then
  SERVER_PIN=(taskset -c "$SERVER_CPU")
  CLIENT_PIN=(taskset -c "$CLIENT_CPU")
  PINNING="servers on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU"
fi

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    ss -Htln "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
  done
}

# wait_http URL PID LOG: until URL answers 2xx (30 s), failing early when PID exits.
wait_http() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      sed 's/^/  | /' "$log" >&2
      die "the server behind $url exited before becoming ready"
    fi
    sleep 0.1
  done
  sed 's/^/  | /' "$log" >&2
  die "$url did not become ready within 30 s"
}

# expect_200 NAME URL [curl args...]: the route must answer 200 before it is measured.
expect_200() {
  local name="$1" url="$2"
  shift 2
  local code
  code="$(curl -s -o "$TMP/check.body" -w '%{http_code}' --max-time 5 "$@" "$url" || true)"
  if [[ "$code" != 200 ]]; then
    echo "bench: $name ($url) answered $code, not 200:" >&2
    head -c 500 "$TMP/check.body" >&2 || true
    echo >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# haoban: seed once, then one server process per pass.
DATA="$TMP/data"
echo "seeding a demo store in $DATA ..."
"$HAOBAN" seed --profile demo --data "$DATA" >"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; die "seed failed"; }

HAOBAN_PID=""
HAOBAN_PORT=""
TOKEN=""
# start_haoban IO_THREADS ("" for the default: one per core)
start_haoban() {
  local io="$1" log="$TMP/haoban-${1:-default}.log"
  HAOBAN_PORT="$(free_port)"
  local env_args=(HAOBAN_LOG_ACCESS_LOG=false HAOBAN_LOG_LEVEL=warn)
  if [[ -n "$io" ]]; then env_args+=(HAOBAN_SERVER_IO_THREADS="$io"); fi
  # Keep an io-threads setting from the caller's environment out of the default pass.
  env -u HAOBAN_SERVER_IO_THREADS "${env_args[@]}" "${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" \
    "$HAOBAN" serve --data "$DATA" --listen "127.0.0.1:$HAOBAN_PORT" >"$log" 2>&1 &
  HAOBAN_PID=$!
  PIDS+=("$HAOBAN_PID")
  wait_http "http://127.0.0.1:$HAOBAN_PORT/readyz" "$HAOBAN_PID" "$log"

  local login
  login="$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" \
    "http://127.0.0.1:$HAOBAN_PORT/api/v1/sessions")" || die "login request failed"
  TOKEN="$(printf '%s' "$login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
  [[ -n "$TOKEN" ]] || die "login as $USERNAME returned no token: $login"
  expect_200 "haoban /healthz" "http://127.0.0.1:$HAOBAN_PORT/healthz"
  expect_200 "haoban /api/v1/me" "http://127.0.0.1:$HAOBAN_PORT/api/v1/me" -H "Authorization: Bearer $TOKEN"
}
stop_haoban() {
  stop_pid "$HAOBAN_PID"
  HAOBAN_PID=""
}

# ---------------------------------------------------------------------------------------------
# wrk runs and their parsing.
RESULTS=()   # "label|io|rps|p50|p90|p99|non2xx|socket_errors"
FAILED=0

to_ms() {  # wrk latency ("643.00us", "1.00ms", "1.20s", "2.00m") -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# measure LABEL IO PID URL [wrk args...]
measure() {
  local label="$1" io="$2" pid="$3" url="$4"
  shift 4
  local file
  file="$RAW/$(printf '%s-%s' "$label" "$io" | tr -c 'A-Za-z0-9.-' '_').txt"
  local wrk_args=(-t"$WRK_THREADS" -c"$CONNECTIONS" --latency "$@")
  if [[ "$WARMUP" != 0 ]]; then
    "${CLIENT_PIN[@]+"${CLIENT_PIN[@]}"}" wrk "${wrk_args[@]}" -d"$WARMUP" "$url" >/dev/null
  fi
  echo "measuring $label (io threads: $io) for $DURATION ..."
  "${CLIENT_PIN[@]+"${CLIENT_PIN[@]}"}" wrk "${wrk_args[@]}" -d"$DURATION" "$url" >"$file" 2>&1 ||
    { cat "$file" >&2; die "wrk failed against $url"; }
  kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; die "the server died while measuring $label"; }

  local rps p50 p90 p99 non2xx sockerr
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")"
  p90="$(to_ms "$(awk '$1 == "90%" { print $2 }' "$file")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")"
  non2xx="${non2xx:-0}"
  sockerr="$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$file")"
  [[ -n "$rps" ]] || { cat "$file" >&2; die "could not parse wrk output for $label"; }
  if [[ "$non2xx" != 0 ]]; then
    echo "bench: FAILED: $label answered $non2xx non-2xx/3xx responses" >&2
    FAILED=1
  fi
  if [[ -n "$sockerr" ]]; then echo "bench: note: $label socket errors: $sockerr" >&2; fi
  RESULTS+=("$label|$io|$rps|$p50|$p90|$p99|$non2xx|${sockerr:-none}")
}

# ---------------------------------------------------------------------------------------------
echo "haoban load benchmark"
echo "  date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  machine:  $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
  "Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  wrk:      wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency (warm-up ${WARMUP} first)"
echo "  pinning:  $PINNING"
echo

HELLO_PORT="$(free_port)"
"${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" "$HELLO" "$HELLO_PORT" >"$TMP/hello.log" 2>&1 &
HELLO_PID=$!
PIDS+=("$HELLO_PID")
wait_http "http://127.0.0.1:$HELLO_PORT/" "$HELLO_PID" "$TMP/hello.log"
expect_200 "hello /" "http://127.0.0.1:$HELLO_PORT/"

measure "hello /" 1 "$HELLO_PID" "http://127.0.0.1:$HELLO_PORT/"
stop_pid "$HELLO_PID"  # idle, but keep the server core to haoban alone

start_haoban 1
measure "haoban /healthz" 1 "$HAOBAN_PID" "http://127.0.0.1:$HAOBAN_PORT/healthz"
measure "haoban /api/v1/me" 1 "$HAOBAN_PID" "http://127.0.0.1:$HAOBAN_PORT/api/v1/me" \
  -H "Authorization: Bearer $TOKEN"
stop_haoban

if [[ "$DEFAULT_PASS" != 0 ]]; then
  DEFAULT_IO="default ($(nproc))"
  start_haoban ""
  measure "haoban /healthz" "$DEFAULT_IO" "$HAOBAN_PID" "http://127.0.0.1:$HAOBAN_PORT/healthz"
  measure "haoban /api/v1/me" "$DEFAULT_IO" "$HAOBAN_PID" "http://127.0.0.1:$HAOBAN_PORT/api/v1/me" \
    -H "Authorization: Bearer $TOKEN"
  stop_haoban
fi

# ---------------------------------------------------------------------------------------------
BASE_RPS="$(cut -d'|' -f3 <<<"${RESULTS[0]}")"
echo
printf '%-20s %-12s %10s %9s %9s %9s %9s %8s\n' route "io threads" "req/s" "p50 ms" "p90 ms" "p99 ms" "vs hello" "non-2xx"
printf '%-20s %-12s %10s %9s %9s %9s %9s %8s\n' -------------------- ------------ ---------- --------- --------- --------- --------- --------
ME_PCT=""
for r in "${RESULTS[@]}"; do
  IFS='|' read -r label io rps p50 p90 p99 non2xx _ <<<"$r"
  pct="$(awk -v a="$rps" -v b="$BASE_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')"
  printf '%-20s %-12s %10s %9s %9s %9s %8s%% %8s\n' "$label" "$io" "$rps" "$p50" "$p90" "$p99" "$pct" "$non2xx"
  # The target is judged on the like-for-like pass (one io thread).
  if [[ "$label" == "haoban /api/v1/me" && "$io" == 1 ]]; then ME_PCT="$pct"; fi
done
echo

if [[ "$FAILED" != 0 ]]; then
  echo "RUN FAILED: some responses were not 2xx (see above); the numbers are not valid."
  exit 1
fi
if awk -v p="$ME_PCT" -v t="$TARGET_PCT" 'BEGIN { exit !(p >= t) }'; then
  echo "TARGET HOLDS: authenticated /api/v1/me reaches ${ME_PCT}% of the baseline's requests/s (target >= ${TARGET_PCT}%)."
  exit 0
fi
echo "TARGET MISSED: authenticated /api/v1/me reaches ${ME_PCT}% of the baseline's requests/s (target >= ${TARGET_PCT}%)."
exit 2
