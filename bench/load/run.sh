#!/usr/bin/env bash
# Load benchmark: haoban's HTTP server against a minimal Beast server ("hello"), measured with wrk
# in the same run on the same machine. Builds nothing: `make bench` builds first, or run
#   ninja -C build haoban bench_hello_server && bench/load/run.sh
#
# What it does:
#   1. seeds two throw-away demo stores and starts two `haoban serve` processes on them (access log
#      off, log level warn): one with HAOBAN_SERVER_IO_THREADS=1, like-for-like with the
#      single-threaded baseline, and one with the default io threads (one per core; DEFAULT_PASS=0
#      skips it); waits for /readyz and logs in to each as clerk.scjg;
#   2. starts build/bench/bench_hello_server on another free port, and (HOP_CASE=1) a second one
#      with `--hop 4`: the same "hello", but built on a pool of 4 worker threads the connection's
#      coroutine hops to and back, as haoban does for requests that need the store (with its
#      default worker_threads);
#   3. runs wrk with the same settings against hello `/`, haoban `/healthz` and haoban
#      `/api/v1/me` (authenticated with `Authorization: Bearer TOKEN`), the servers pinned to one
#      core and wrk to another when taskset and two cores are available. The routes are measured
#      in turn, ROUNDS times, so slow drift on a shared machine hits every route alike; each route
#      reports its median round;
#   4. prints requests/s, p50/p90/p99 latency and each haoban route's ratio to the baseline, and
#      whether the target holds: authenticated JSON route (one io thread) >= TARGET_PCT % of the
#      baseline's requests/s.
#
# Settings (environment):
#   DURATION=10s  CONNECTIONS=50  WRK_THREADS=1  WARMUP=2s (per measurement; 0 skips)  ROUNDS=3
#   TARGET_PCT=60  MIN_CPU=90     (a round counts for the target only when the servers used >= MIN_CPU % of their core)
#   SERVER_CPU=0  CLIENT_CPU=1    (taskset core lists; PIN=0 disables pinning)
#   DEFAULT_PASS=1                (also measure haoban with its default io threads)
#   HOP_CASE=1                    (also measure hello with the worker-pool hop)
#   BUILD=build  RESULTS_DIR=     (keep raw wrk output there; default: a temp dir, removed)
#
# Exit status: 0 target holds; 1 the run failed (a server did not start or died, login failed,
# a route did not answer 200, wrk saw non-2xx/3xx responses); 2 the run was valid but the target
# was missed; 3 inconclusive: the machine was too busy for any round to count.
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
ROUNDS="${ROUNDS:-3}"
TARGET_PCT="${TARGET_PCT:-60}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PIN="${PIN:-1}"
DEFAULT_PASS="${DEFAULT_PASS:-1}"
HOP_CASE="${HOP_CASE:-1}"
MIN_CPU="${MIN_CPU:-90}"
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

# shellcheck disable=SC2317  # also invoked by the trap
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
# Servers: all started up front, all on the server core; only the one being measured is busy.

PORT_one="" PID_one="" TOKEN_one="" PORT_dflt="" PID_dflt="" TOKEN_dflt=""
# start_haoban NAME IO_THREADS ("" for the default: one per core); sets PORT_<NAME>, PID_<NAME>, TOKEN_<NAME>.
start_haoban() {
  local name="$1" io="$2" data="$TMP/data-$1" log="$TMP/haoban-$1.log" port pid login token
  "$HAOBAN" seed --profile demo --data "$data" >"$TMP/seed-$name.log" 2>&1 ||
    { cat "$TMP/seed-$name.log" >&2; die "seed failed"; }
  port="$(free_port)"
  local env_args=(HAOBAN_LOG_ACCESS_LOG=false HAOBAN_LOG_LEVEL=warn)
  if [[ -n "$io" ]]; then env_args+=(HAOBAN_SERVER_IO_THREADS="$io"); fi
  # env -u: an io-threads setting in the caller's environment must not leak into the default server.
  env -u HAOBAN_SERVER_IO_THREADS "${env_args[@]}" "${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" \
    "$HAOBAN" serve --data "$data" --listen "127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/readyz" "$pid" "$log"

  login="$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" \
    "http://127.0.0.1:$port/api/v1/sessions")" || die "login request failed"
  token="$(printf '%s' "$login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
  [[ -n "$token" ]] || die "login as $USERNAME returned no token: $login"
  expect_200 "haoban /healthz" "http://127.0.0.1:$port/healthz"
  expect_200 "haoban /api/v1/me" "http://127.0.0.1:$port/api/v1/me" -H "Authorization: Bearer $token"
  printf -v "PORT_$name" '%s' "$port"
  printf -v "PID_$name" '%s' "$pid"
  printf -v "TOKEN_$name" '%s' "$token"
}

# ---------------------------------------------------------------------------------------------
# wrk runs and their parsing.
RESULTS="$TMP/results.txt"   # one line per measurement: case round rps p50 p90 p99 non2xx
: >"$RESULTS"
FAILED=0

to_ms() {  # wrk latency ("643.00us", "1.00ms", "1.20s", "2.00m") -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

cpu_ticks() {  # user + system CPU of a process and all its threads, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
CLK_TCK="$(getconf CLK_TCK)"

# measure CASE ROUND PID URL [wrk args...]
measure() {
  local case="$1" round="$2" pid="$3" url="$4"
  shift 4
  local file="$RAW/$case-round$round.txt"
  local wrk_args=(-t"$WRK_THREADS" -c"$CONNECTIONS" --latency "$@")
  if [[ "$WARMUP" != 0 ]]; then
    "${CLIENT_PIN[@]+"${CLIENT_PIN[@]}"}" wrk "${wrk_args[@]}" -d"$WARMUP" "$url" >/dev/null
  fi
  local t0 t1
  t0="$(cpu_ticks "$pid")"
  "${CLIENT_PIN[@]+"${CLIENT_PIN[@]}"}" wrk "${wrk_args[@]}" -d"$DURATION" "$url" >"$file" 2>&1 ||
    { cat "$file" >&2; die "wrk failed against $url"; }
  kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; die "the server died while measuring $case"; }
  t1="$(cpu_ticks "$pid")"

  local rps p50 p90 p99 non2xx sockerr reqs secs cpu
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")"
  p90="$(to_ms "$(awk '$1 == "90%" { print $2 }' "$file")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")"
  non2xx="${non2xx:-0}"
  sockerr="$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$file")"
  # "  1234567 requests in 10.00s, 98.76MB read"
  reqs="$(awk '/ requests in / { print $1 }' "$file")"
  secs="$(awk '/ requests in / { v = $4; sub(/,$/, "", v); print v }' "$file")"
  secs="$(awk -v v="$secs" 'BEGIN { n = v + 0; if (v ~ /m$/) n *= 60; else if (v ~ /h$/) n *= 3600; print n }')"
  cpu="$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  [[ -n "$rps" && -n "$reqs" ]] || { cat "$file" >&2; die "could not parse wrk output for $case"; }
  printf '  round %s  %-9s %8s req/s  p50 %5s ms  p99 %6s ms  server CPU %5.1f%%\n' "$round" "$case" "$rps" "$p50" "$p99" \
    "$(awk -v c="$cpu" -v s="$secs" 'BEGIN { print 100 * c / s }')"
  if [[ "$non2xx" != 0 ]]; then
    echo "bench: FAILED: $case answered $non2xx non-2xx/3xx responses" >&2
    FAILED=1
  fi
  if [[ -n "$sockerr" ]]; then echo "bench: note: $case socket errors: $sockerr" >&2; fi
  echo "$case $round $rps $p50 $p90 $p99 $non2xx $reqs $secs $cpu" >>"$RESULTS"
}

# ---------------------------------------------------------------------------------------------
echo "haoban load benchmark"
echo "  date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  machine:  $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
  "Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  wrk:      wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency, ${WARMUP} warm-up each, $ROUNDS rounds"
echo "  pinning:  $PINNING"
echo

HELLO_PORT="$(free_port)"
"${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" "$HELLO" "$HELLO_PORT" >"$TMP/hello.log" 2>&1 &
PID_hello=$!
PIDS+=("$PID_hello")
wait_http "http://127.0.0.1:$HELLO_PORT/" "$PID_hello" "$TMP/hello.log"
expect_200 "hello /" "http://127.0.0.1:$HELLO_PORT/"
HOP_PORT="" PID_hop=""
if [[ "$HOP_CASE" != 0 ]]; then
  HOP_PORT="$(free_port)"
  "${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" "$HELLO" "$HOP_PORT" --hop 4 >"$TMP/hello-hop.log" 2>&1 &
  PID_hop=$!
  PIDS+=("$PID_hop")
  wait_http "http://127.0.0.1:$HOP_PORT/" "$PID_hop" "$TMP/hello-hop.log"
  expect_200 "hello / (hop)" "http://127.0.0.1:$HOP_PORT/"
fi

start_haoban one 1
if [[ "$DEFAULT_PASS" != 0 ]]; then start_haoban dflt ""; fi

# case|label|io threads
CASES=("hello|hello /|1")
if [[ "$HOP_CASE" != 0 ]]; then CASES+=("hop|hello / +4 worker hop|1"); fi
CASES+=("healthz1|haoban /healthz|1" "me1|haoban /api/v1/me|1")
if [[ "$DEFAULT_PASS" != 0 ]]; then
  CASES+=("healthzD|haoban /healthz|default ($(nproc))" "meD|haoban /api/v1/me|default ($(nproc))")
fi

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  measure hello "$round" "$PID_hello" "http://127.0.0.1:$HELLO_PORT/"
  if [[ "$HOP_CASE" != 0 ]]; then measure hop "$round" "$PID_hop" "http://127.0.0.1:$HOP_PORT/"; fi
  measure healthz1 "$round" "$PID_one" "http://127.0.0.1:$PORT_one/healthz"
  measure me1 "$round" "$PID_one" "http://127.0.0.1:$PORT_one/api/v1/me" -H "Authorization: Bearer $TOKEN_one"
  if [[ "$DEFAULT_PASS" != 0 ]]; then
    measure healthzD "$round" "$PID_dflt" "http://127.0.0.1:$PORT_dflt/healthz"
    measure meD "$round" "$PID_dflt" "http://127.0.0.1:$PORT_dflt/api/v1/me" -H "Authorization: Bearer $TOKEN_dflt"
  fi
done

# ---------------------------------------------------------------------------------------------
# Summary. A measurement is "server-bound" when the server used >= MIN_CPU % of its core: only then
# does its req/s measure the server rather than whatever else was running (on a busy machine wrk
# starves and the fast baseline suffers most, which would flatter every ratio). Per route:
#   req/s, latencies   the server-bound round with the median req/s (any round when none was)
#   srv CPU            CPU time the server process used (all its threads) / wall time, that round
#   req/CPU-s          requests / server CPU seconds, median of all rounds: what one core buys,
#                      hardly affected by other work on the machine
#   vs hello           median of the per-round req/s ratios to the baseline of the same round, over
#                      the rounds where both were server-bound ("?": no such round, all rounds used)
#   per CPU            the same ratio of req/CPU-s, over all rounds
#   bound              server-bound rounds / rounds
summarize() {  # summarize CASE... -> one line per case
  awk -v cases="$*" -v min="$MIN_CPU" '
    function median(a, n,   i, j, t) {
      if (n == 0) return 0
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { c = $1; r = $2; rps[c, r] = $3; lat[c, r] = $4 " " $5 " " $6; bad[c] += $7
      eff[c, r] = $10 > 0 ? $8 / $10 : 0; cpu[c, r] = $9 > 0 ? 100 * $10 / $9 : 0
      if (r > rounds) rounds = r }
    END {
      n = split(cases, cs, " ")
      for (k = 1; k <= n; k++) {
        c = cs[k]; m = 0; nb = 0; nq = 0; all = ""
        delete cand; delete z; delete q; delete qa; delete w
        for (r = 1; r <= rounds; r++) {
          if (!((c, r) in rps)) continue
          m++; z[m] = eff[c, r]; all = all (all ? "/" : "") rps[c, r]
          w[m] = eff["hello", r] > 0 ? 100 * eff[c, r] / eff["hello", r] : 0
          qa[m] = rps["hello", r] > 0 ? 100 * rps[c, r] / rps["hello", r] : 0
          if (cpu[c, r] >= min) cand[++nb] = r
          if (cpu[c, r] >= min && cpu["hello", r] >= min) q[++nq] = qa[m]
        }
        if (nb == 0) for (r = 1; r <= rounds; r++) if ((c, r) in rps) cand[++nb_all] = r
        nc = nb ? nb : nb_all; nb_all = 0
        # the median candidate round by req/s, for its latencies
        best = cand[1]
        for (i = 1; i <= nc; i++) {
          below = 0; above = 0
          for (j = 1; j <= nc; j++) { if (rps[c, cand[j]] < rps[c, cand[i]]) below++; if (rps[c, cand[j]] > rps[c, cand[i]]) above++ }
          if (below <= int(nc / 2) && above <= int((nc - 1) / 2)) { best = cand[i]; break }
        }
        ratio = nq ? sprintf("%.1f%%", median(q, nq)) : sprintf("%.1f%%?", median(qa, m))
        printf "%s %d %s %.0f %.0f %s %.1f%% %d/%d %d %s\n", c, rps[c, best], lat[c, best], cpu[c, best],
          median(z, m), ratio, median(w, m), nb, m, bad[c], all
      }
    }' "$RESULTS"
}

echo
echo "summary over $ROUNDS rounds (server-bound: the server used >= ${MIN_CPU}% of its core; see the comments in $0)"
printf '%-24s %-12s %8s %7s %7s %7s %7s %10s %9s %9s %5s %7s  %s\n' route "io threads" "req/s" "p50 ms" "p90 ms" "p99 ms" "srv CPU" "req/CPU-s" "vs hello" "per CPU" bound non-2xx "rounds req/s"
printf '%-24s %-12s %8s %7s %7s %7s %7s %10s %9s %9s %5s %7s  %s\n' ------------------------ ------------ -------- ------- ------- ------- ------- ---------- --------- --------- ----- ------- ------------
declare -A LABEL IO
KEYS=()
for c in "${CASES[@]}"; do
  IFS='|' read -r key label io <<<"$c"
  KEYS+=("$key"); LABEL[$key]="$label"; IO[$key]="$io"
done
ME_PCT="" ME_EFF=""
while read -r key rps p50 p90 p99 cpu eff pct effpct bound bad all; do
  printf '%-24s %-12s %8s %7s %7s %7s %6s%% %10s %9s %9s %5s %7s  %s\n' "${LABEL[$key]}" "${IO[$key]}" "$rps" "$p50" "$p90" "$p99" \
    "$cpu" "$eff" "$pct" "$effpct" "$bound" "$bad" "$all"
  if [[ "$key" == me1 ]]; then ME_PCT="$pct" ME_EFF="$effpct"; fi
done < <(summarize "${KEYS[@]}")
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

if [[ "$FAILED" != 0 ]]; then
  echo "RUN FAILED: some responses were not 2xx (see above); the numbers are not valid."
  exit 1
fi
if [[ "$ME_PCT" == *"?" ]]; then
  echo "INCONCLUSIVE: no round had both the baseline and /api/v1/me server-bound; the machine was busy."
  echo "  requests/s ratio over all rounds: ${ME_PCT%\?}; requests per CPU-second ratio: ${ME_EFF} (target >= ${TARGET_PCT}%)."
  echo "  Run again on a quiet machine."
  exit 3
fi
ME_PCT="${ME_PCT%\%}"
if awk -v p="$ME_PCT" -v t="$TARGET_PCT" 'BEGIN { exit !(p >= t) }'; then
  echo "TARGET HOLDS: authenticated /api/v1/me (1 io thread) reaches ${ME_PCT}% of the baseline's requests/s (target >= ${TARGET_PCT}%)."
  exit 0
fi
echo "TARGET MISSED: authenticated /api/v1/me (1 io thread) reaches ${ME_PCT}% of the baseline's requests/s (target >= ${TARGET_PCT}%)."
exit 2
