#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the *_pgtest suites.
#   pg-test-server.sh start DIR   -> initdb in DIR/data, listen on a free loopback port,
#                                    write the admin URL to DIR/env
#   pg-test-server.sh stop DIR    -> stop it and remove DIR/data
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
# (created by Debian's postgresql package).
set -euo pipefail
cmd=${1:?start|stop}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

case "$cmd" in
  start)
    "$0" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir/data" && mkdir -p "$dir/data" "$dir/sock"
    [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$dir/data" "$dir/sock"
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U haoban --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    port=""
    for _ in $(seq 1 50); do
      p=$((20000 + RANDOM % 20000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    done
    [[ -n "$port" ]] || { echo "no free port" >&2; exit 1; }
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/data/server.log" >&2; exit 1; }
    echo "postgresql://haoban@127.0.0.1:$port/postgres" >"$dir/env"
    echo "PostgreSQL for tests on port $port ($dir)"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir/data" "$dir/env"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
