#!/usr/bin/env bash
# 帮办 load and reliability benchmark (bench/load/help_load.mjs): hundreds of simulated applicants
# and dozens of helpers over HTTP and WebSockets, a SIGKILL and restart of the server mid-run, then
# checks that no message was lost, duplicated or reordered and that the first-response timers are
# right. Builds nothing: `make bench-help` builds first, or run it when build/ is current.
#
#   bench/load/help.sh                                  # 300 applicants, 30 helpers, ~2 minutes
#   APPLICANTS=100 HELPERS=10 CRASH_AT=0 bench/load/help.sh
#
# The binary is copied to WORK_DIR first (default /tmp/haoban-load/haoban), so that a rebuild
# during the run does not replace the server under it. The server's clock is moved into business
# hours with libfaketime (Debian: apt-get install libfaketime) when the real time is outside them;
# without it the run still works, but every first-response timer then counts from the next opening.
# Settings are environment variables, listed at the top of help_load.mjs and in docs/benchmarks.md.
#
# Exit status: 0 every check passed; 1 a check failed or the run could not be completed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BUILD="${BUILD:-build}"
SOURCE_BIN="${HAOBAN_BIN:-$BUILD/src/app/haoban}"
WORK_DIR="${WORK_DIR:-/tmp/haoban-load}"

die() { echo "bench-help: $*" >&2; exit 1; }

[[ -x "$SOURCE_BIN" ]] || die "$SOURCE_BIN is missing: build first (make bench-help, or ninja -C $BUILD haoban)"
command -v node >/dev/null || die "node is not installed"
"$SOURCE_BIN" seed --help 2>/dev/null | grep -q -- '--bench-accounts' ||
  die "$SOURCE_BIN has no \`seed --bench-accounts\`: rebuild it"

# A private copy; -p keeps the modification time, which keys the seeded template. Copied under a
# temporary name and renamed, so a concurrent run keeps the inode it started.
mkdir -p "$WORK_DIR"
size_before="$(stat -c %s "$SOURCE_BIN")"
cp -p "$SOURCE_BIN" "$WORK_DIR/haoban.$$"
[[ "$(stat -c %s "$SOURCE_BIN")" == "$size_before" ]] || { rm -f "$WORK_DIR/haoban.$$"; die "$SOURCE_BIN changed while copying (a build is linking it): try again"; }
"$WORK_DIR/haoban.$$" version >/dev/null || { rm -f "$WORK_DIR/haoban.$$"; die "the copy of $SOURCE_BIN does not run"; }
mv -f "$WORK_DIR/haoban.$$" "$WORK_DIR/haoban"

if [[ -z "${FAKETIME_LIB:-}" ]]; then
  for lib in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 /usr/local/lib/faketime/libfaketimeMT.so.1; do
    if [[ -f "$lib" ]]; then FAKETIME_LIB="$lib"; break; fi
  done
fi
if [[ -z "${FAKETIME_LIB:-}" && "${FAKE_TIME:-auto}" != off ]]; then
  echo "bench-help: libfaketime not found (apt-get install libfaketime): the server keeps the real clock" >&2
fi

HAOBAN_BIN="$WORK_DIR/haoban" FAKETIME_LIB="${FAKETIME_LIB:-}" WORK_DIR="$WORK_DIR" \
  exec node "$ROOT/bench/load/help_load.mjs"
