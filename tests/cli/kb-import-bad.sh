#!/usr/bin/env bash
# `haoban kb import` refuses a malformed file line by line (exit 1) and stores nothing.
# Usage: kb-import-bad.sh HAOBAN DATA_DIR   (run from the repository root)
set -u
h=$1 d=$2
rm -rf "$d"
"$h" migrate --data "$d" >/dev/null 2>&1 || exit 2
out=$("$h" kb import tests/fixtures/kb/bad-entries.jsonl --data "$d" 2>&1)
rc=$?
echo "$out"
echo "exit $rc"
"$h" kb search 这一行没有问题 --data "$d" 2>/dev/null
