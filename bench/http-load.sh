#!/usr/bin/env bash
# HTTP load on the packaged service with its image's JVM options: requests per second, latency, garbage
# collection and memory at rising numbers of client connections, past the connection cap. Says whether the
# image's heap holds the load the README documents, and what happens beyond it.
#
#   bash bench/http-load.sh                    # as root, from the repository root; about 3 minutes
#   CONNECTIONS="16 256" DURATION=10s bash bench/http-load.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust for postgres), wrk and a JDK (jstat). It creates a database of its
# own with deploy/sql and the demo data, and drops it at the end. Writes bench/results/http-load.md.
set -euo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
CONNECTIONS=${CONNECTIONS:-"16 256 1000"}   # wrk connections per run
DURATION=${DURATION:-20s}                   # wrk duration per run
THREADS=${THREADS:-2}
PATHS=${PATHS:-"/status /q/metrics"}
PG_HOST=${PG_HOST:-127.0.0.1} PG_PORT=${PG_PORT:-5432}
APP_DIR=${APP_DIR:-$REPO_DIR/target/quarkus-app}
JAVA=${JAVA:-$(command -v java)}
JSTAT=${JSTAT:-$(dirname "$(readlink -f "$JAVA")")/jstat}
# The JVM options of the image (src/main/docker/Dockerfile.jvm), unless given.
JAVA_OPTS=${JAVA_OPTS-$(grep -oE -- '-(XX:|Xm|Xss)[^ "]+' "$REPO_DIR/src/main/docker/Dockerfile.jvm" | tr '\n' ' ')}
RESULTS=${RESULTS:-$BENCH_DIR/results/http-load.md}
PORT=${PORT:-18480}
DB=bench_http_$$
PID=''

log() { printf '[http-load %(%T)T] %s\n' -1 "$*" >&2; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  exit "$status"
}
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || { log "wrk is missing: apt-get install wrk"; exit 1; }
[[ -f $APP_DIR/quarkus-run.jar ]] || (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests)
# 1,000 client connections and as many on the server side: more than the default 1,024 descriptors
ulimit -n 8192

psql_admin -d postgres -c "CREATE DATABASE $DB"
for script in schema.sql monitor-role.sql demo-data.sql; do
  psql_admin -d "$DB" -f "$REPO_DIR/deploy/sql/$script" >/dev/null
done

log "service: $JAVA $JAVA_OPTS"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PG_HOST:$PG_PORT/$DB" QUARKUS_DATASOURCE_USERNAME=superadmin_monitor \
  "$JAVA" $JAVA_OPTS -jar "$APP_DIR/quarkus-run.jar" >"$BENCH_DIR/results/http-load.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
  kill -0 "$PID" || { log "the service exited; see bench/results/http-load.log"; exit 1; }
  sleep 0.5
done

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"; }
threads() { awk '/Threads/ { print $2 }' "/proc/$PID/status"; }
# young and full collections and their seconds: YGC YGCT FGC FGCT
gc() { "$JSTAT" -gc "$PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["YGC"], $c["YGCT"], $c["FGC"], $c["FGCT"] }'; }

{
  echo "# HTTP load: the packaged service with its image's JVM options"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO_DIR" rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
  echo "JVM: \`$("$JAVA" -version 2>&1 | head -1)\`, options \`$JAVA_OPTS\`. wrk with $THREADS threads for $DURATION per row, on 127.0.0.1."
  echo "Full GCs and GC seconds are those of the row's run (jstat); RSS and threads are read at its end."
  echo
  echo "| path | connections | req/s | p50 | p99 | errors (connect/read/timeout), non-2xx | young GCs | full GCs | GC s | RSS MB | threads | alive |"
  echo "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|---|"
} >"$RESULTS"

for path in $PATHS; do
  for connections in $CONNECTIONS; do
    read -r ygc0 ygct0 fgc0 fgct0 < <(gc)
    accept='application/json'; [[ $path == /q/metrics ]] && accept='text/plain; version=0.0.4'
    out=$(wrk -t "$THREADS" -c "$connections" -d "$DURATION" --timeout 5s --latency \
      -H "Accept: $accept" "http://127.0.0.1:$PORT$path" 2>&1 || true)
    alive=yes; kill -0 "$PID" 2>/dev/null || alive=no
    if [[ $alive == yes ]]; then read -r ygc1 ygct1 fgc1 fgct1 < <(gc); rss=$(rss_mb); thr=$(threads)
    else ygc1=$ygc0 ygct1=$ygct0 fgc1=$fgc0 fgct1=$fgct0 rss=- thr=-; fi
    rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 "/" $6 "/" $10 }' <<<"$out")
    non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
    line="| \`$path\` | $connections | $rps | $p50 | $p99 | ${errors:-0/0/0}, ${non2xx:-0} | $((ygc1 - ygc0)) | $((fgc1 - fgc0)) | $(awk -v a="$ygct0" -v b="$ygct1" -v c="$fgct0" -v d="$fgct1" 'BEGIN { printf "%.2f", (b - a) + (d - c) }') | $rss | $thr | $alive |"
    echo "$line" >>"$RESULTS"
    log "$line"
    [[ $alive == yes ]] || { log "the service died; see bench/results/http-load.log"; exit 1; }
    sleep 2
  done
done
# after the load: still serving, and how much heap is live (a full GC first)
"$JSTAT" -gc "$PID" >/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/status")
echo >>"$RESULTS"
echo "After the runs: \`GET /status\` answers $code, RSS $(rss_mb) MB, $(threads) threads." >>"$RESULTS"
log "results in $RESULTS"
cat "$RESULTS"
