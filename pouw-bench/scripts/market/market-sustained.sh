#!/usr/bin/env bash
# The market's sustained run (issue 26, item 3): one persistent database on a PostgreSQL server, drains back to back
# for --minutes (30 by default), completed jobs/s per window of --window-seconds, the first steady window against the
# last, the market tables' sizes and dead rows at the start and the end, and at the end the invariants: nothing lost,
# every job paid once, the ledger verified from its first entry (the run fails if one is broken).
#
#   ./mvnw -q -B -DskipTests -pl pouw-bench -am package        (once)
#   pouw-bench/scripts/market/market-sustained.sh [--host 127.0.0.1] [--port 5432] [--user postgres]
#       [--password postgres] [--minutes 30] [--window-seconds 300] [--jobs 5000] [--workers 16]
#
# Needs psql (to create the database afresh) and a JDK 25 (JAVA_HOME or java on PATH). The server's version and
# durability settings are printed first, as the server reports them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
host=127.0.0.1 port=5432 user=postgres password=postgres minutes=30 window=300 jobs=5000 workers=16
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2" ;; --port) port="$2" ;; --user) user="$2" ;; --password) password="$2" ;;
    --minutes) minutes="$2" ;; --window-seconds) window="$2" ;; --jobs) jobs="$2" ;; --workers) workers="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -d "$repo/pouw-bench/target/lib" ] || { echo "build pouw-bench first (see the top of this script)" >&2; exit 2; }
export PGPASSWORD="$password"
psql -q -h "$host" -p "$port" -U "$user" -d postgres -c "DROP DATABASE IF EXISTS pouw_market_sustained" \
  -c "CREATE DATABASE pouw_market_sustained" 2>&1 | grep -v NOTICE || true
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Finished jobs leave the hot tables a minute after they were posted (the node's default is an hour, longer than
# the run), so the history tables and the reaper's moves are part of what is measured.
exec "$java" -Xmx1g -cp "$repo/pouw-bench/target/classes:$repo/pouw-bench/target/lib/*" \
  org.pouw.bench.market.MarketLoad \
  --pg-url "jdbc:postgresql://$host:$port/pouw_market_sustained" --pg-user "$user" --pg-password "$password" \
  --sustain-seconds "$((minutes * 60))" --window-seconds "$window" --jobs "$jobs" --workers "$workers" \
  --history-after-ms 60000
