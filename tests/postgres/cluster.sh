#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks: its own data directory, its own
# port on 127.0.0.1, trust authentication on loopback only, nothing registered with the system's
# cluster manager. Usage:
#   cluster.sh start [DIR] [PORT]   installs the Debian package if missing, creates and starts the
#                                   cluster, prints its connection string (database "postgres")
#   cluster.sh stop [DIR]           stops it and removes DIR
# DIR defaults to /tmp/silo-pg, PORT to 54329. initdb refuses to run as root, so as root the
# cluster belongs to the package's "postgres" user.
set -euo pipefail

cmd=${1:?usage: cluster.sh start|stop [DIR] [PORT]}
dir=${2:-/tmp/silo-pg}
port=${3:-54329}
bin=/usr/lib/postgresql/15/bin

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    if [ ! -x "$bin/pg_ctl" ]; then
      echo "==> installing Debian package postgresql-15" >&2
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
    fi
    # A cluster left by a killed run is stopped and replaced: its state is unknown.
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-instructions -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB" >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: cluster.sh start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
