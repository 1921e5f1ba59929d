#!/usr/bin/env bash
# Start / stop a throw-away PostgreSQL server on loopback for the registry tests.
#   scripts/postgres.sh start   → writes the URL to .postgres-test-url (or nothing, with a
#                                 clear message, where PostgreSQL cannot be had)
#   scripts/postgres.sh stop    → stops the server and removes its data
set -uo pipefail
cd "$(dirname "$0")/.."
STATE=.postgres-test
URL_FILE=.postgres-test-url
# A free loopback port unless one is given: a server left running elsewhere never collides.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PCFRULES_TEST_PG_PORT:-$(free_port)}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  rm -f "$URL_FILE"
  if [ -z "$(bindir)" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "Installing PostgreSQL (Debian package) for the registry tests…"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
        >/dev/null) || { echo "PostgreSQL could not be installed: its registry tests are skipped."; return 0; }
    else
      echo "PostgreSQL is not installed and cannot be installed here (needs root and apt):"
      echo "the registry tests run on SQLite only."
      return 0
    fi
  fi
  local bin; bin=$(bindir)
  local data; data=$(mktemp -d /tmp/pcfrules-pg.XXXXXX)
  [ "$(id -u)" = "0" ] && chown postgres "$data"
  as_postgres "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null || { echo "initdb failed"; return 0; }
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $data" start >/dev/null || {
      echo "PostgreSQL did not start (see $data/server.log): registry tests on SQLite only."; return 0; }
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres pcfrules_test
  echo "$data" > "$STATE"
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/pcfrules_test" > "$URL_FILE"
  echo "PostgreSQL for the tests on 127.0.0.1:$PORT"
}

stop() {
  if [ -f "$STATE" ]; then
    local data; data=$(cat "$STATE")
    as_postgres "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$data" "$STATE"
  fi
  rm -f "$URL_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop"; exit 2 ;;
esac
