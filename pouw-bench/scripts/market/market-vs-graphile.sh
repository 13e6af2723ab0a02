#!/usr/bin/env bash
# The market against Graphile Worker 0.17 on the same PostgreSQL server, in one sitting, alternated round by round,
# so the comparison is measured, never quoted. Each round drains N jobs on a freshly created database: ours through
# MarketLoad (a node in-process, workers over HTTP, claim → prove → submit → verify → settle); Graphile Worker with
# no-op tasks in its default mode and in its batched mode (local queue, batched completions). Prints each round,
# the medians and the ratios.
#
#   ./mvnw -q -B -DskipTests -pl pouw-bench -am package        (once)
#   pouw-bench/scripts/market/market-vs-graphile.sh [--host 127.0.0.1] [--port 5432] [--user postgres]
#       [--password postgres] [--jobs 20000] [--rounds 3] [--workers 16]
#
# Needs psql (to create the databases), node and npm (Graphile Worker 0.17.3 is installed beside this script on
# first use), and a JDK 25 (JAVA_HOME or java on PATH). The server's durability settings are printed by MarketLoad.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
host=127.0.0.1 port=5432 user=postgres password=postgres jobs=20000 rounds=3 workers=16
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2" ;; --port) port="$2" ;; --user) user="$2" ;; --password) password="$2" ;;
    --jobs) jobs="$2" ;; --rounds) rounds="$2" ;; --workers) workers="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath="$repo/pouw-bench/target/classes:$repo/pouw-bench/target/lib/*"
[ -d "$repo/pouw-bench/target/lib" ] || { echo "build pouw-bench first (see the top of this script)" >&2; exit 2; }
if [ ! -d "$here/node_modules/graphile-worker" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent >&2)
fi
export PGPASSWORD="$password"
fresh_database() {
  psql -q -h "$host" -p "$port" -U "$user" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" \
    2>&1 | grep -v NOTICE || true
}
ours() {
  fresh_database pouw_market_bench
  "$java" -Xmx1g -cp "$classpath" org.pouw.bench.market.MarketLoad \
    --pg-url "jdbc:postgresql://$host:$port/pouw_market_bench" --pg-user "$user" --pg-password "$password" \
    --jobs "$jobs" --rounds 1 --workers "$workers" --claim-rate 0 > "$log" 2>&1 || true
  sed -n 's/^RESULT completed jobs\/s (median of 1 rounds): //p' "$log" | tr -d ,
}
graphile() {
  fresh_database graphile_bench
  node "$here/graphile_drain.js" "postgres://$user:$password@$host:$port/graphile_bench" "$jobs" "$1" "$workers" \
    | sed -n "s/^RESULT graphile $1 jobs\/s: //p"
}
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "server: $(psql -Atq -h "$host" -p "$port" -U "$user" -d postgres -c 'SELECT version()')"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $jobs jobs a round, $workers workers"
: > /tmp/market-vs-graphile.$$.ours; : > /tmp/market-vs-graphile.$$.default; : > /tmp/market-vs-graphile.$$.batched
for round in $(seq 1 "$rounds"); do
  # Alternate who goes first, so neither always meets a warmer (or a more loaded) machine.
  if [ $((round % 2)) -eq 1 ]; then order="ours default batched"; else order="batched default ours"; fi
  for who in $order; do
    if [ "$who" = ours ]; then
      rate="$(ours)"
      [ "$round" -gt 1 ] || grep '^server:' "$log" || true  # the settings as the server reported them
      [ -n "$rate" ] || tail -20 "$log" >&2
    else
      rate="$(graphile "$who")"
    fi
    echo "round $round: $who ${rate:-FAILED} jobs/s (load average $(cut -d' ' -f1 /proc/loadavg))"
    echo "${rate:-0}" >> "/tmp/market-vs-graphile.$$.$who"
  done
done
ours_median="$(median < /tmp/market-vs-graphile.$$.ours)"
default_median="$(median < /tmp/market-vs-graphile.$$.default)"
batched_median="$(median < /tmp/market-vs-graphile.$$.batched)"
rm -f /tmp/market-vs-graphile.$$.*
echo "RESULT medians of $rounds rounds: PoUW market $ours_median jobs/s, Graphile Worker 0.17 default" \
  "$default_median jobs/s, batched $batched_median jobs/s"
awk -v o="$ours_median" -v d="$default_median" -v b="$batched_median" \
  'BEGIN { printf "RESULT ratio: %.2fx Graphile default, %.2fx Graphile batched\n", o / d, o / b }'
