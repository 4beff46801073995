#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for tests and benchmarks (loopback only, trust auth, fsync off), or stop one.
#
#   eval "$(bash scripts/start-postgres.sh [PORT])"   # prints: export DEBRIEF_TEST_DATABASE_URL=... DEBRIEF_TEST_PGDATA=...
#   bash scripts/start-postgres.sh stop "$DEBRIEF_TEST_PGDATA"
#
# Binaries: $PG_BIN when set, else /usr/lib/postgresql/<newest>/bin, else whatever `initdb` is on PATH.
# Run as root, the cluster belongs to the `postgres` user (initdb refuses root); otherwise to the current user.
set -euo pipefail

find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "start-postgres.sh: no PostgreSQL binaries (initdb, pg_ctl) found; install Debian's postgresql package" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN="$(find_bin)"
if [ "${1:-}" = "stop" ]; then
  dir="${2:?usage: start-postgres.sh stop PGDATA}"
  as_owner "$BIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
  # the cluster lives in data/ of a folder this script made; remove the whole folder (logs, socket) only then
  parent="$(dirname "$dir")"
  case "$(basename "$parent")" in debrief-pg.*) rm -rf "$parent" ;; *) rm -rf "$dir" ;; esac
  exit 0
fi

PORT="${1:-55432}"
PGDATA="$(mktemp -d "${TMPDIR:-/tmp}/debrief-pg.XXXXXX")"
SOCKDIR="$PGDATA/sock"
mkdir -p "$SOCKDIR"
if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "start-postgres.sh: running as root but there is no 'postgres' user to own the cluster" >&2
    exit 1
  fi
  chown -R postgres:postgres "$PGDATA"
fi
as_owner "$BIN/initdb" -D "$PGDATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions >"$PGDATA/initdb.log" 2>&1 || {
  cat "$PGDATA/initdb.log" >&2
  rm -rf "$PGDATA"
  exit 1
}
if ! as_owner "$BIN/pg_ctl" -D "$PGDATA/data" -l "$PGDATA/server.log" -w -t 60 \
  -o "-p $PORT -k $SOCKDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null; then
  echo "start-postgres.sh: PostgreSQL did not start on 127.0.0.1:$PORT; server log:" >&2
  tail -20 "$PGDATA/server.log" >&2 || true
  # a cluster that did not start (port taken, most often) leaves nothing behind
  as_owner "$BIN/pg_ctl" -D "$PGDATA/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
  exit 1
fi
echo "export DEBRIEF_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
echo "export DEBRIEF_TEST_PGDATA=$PGDATA/data"
