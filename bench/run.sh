#!/usr/bin/env bash
# Benchmark of superadmin-monitor beside Debian's postgres_exporter and sql_exporter, serving the same
# five checks from the same private PostgreSQL, all measured in one run (issue 5). See bench/README.md.
#
#   bash bench/run.sh                      # as root, from the repository root; about 12 minutes
#   QUICK=1 bash bench/run.sh              # SCALE=1 only, short windows: a try-out in about 2 minutes
#
# Writes bench/results/latest.md (the tables), latest.tsv (every number) and explain-scale<N>.txt.
# Everything it starts listens on 127.0.0.1 only, and is stopped on exit, with its temporary directory.
set -euo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")

if [[ ${QUICK:-0} == 1 ]]; then
  SCALES=${SCALES:-1} DURATION=${DURATION:-3s} WARMUP=${WARMUP:-1s} IDLE=${IDLE:-20} STARTS=${STARTS:-2} SCRAPES=${SCRAPES:-10}
fi
SCALES=${SCALES:-"1 10"}       # database sizes: 1 = 1e5 sessions, 1e6 security events
DURATION=${DURATION:-15s}      # wrk duration per tool
WARMUP=${WARMUP:-5s}           # wrk warm-up before it
IDLE=${IDLE:-60}               # seconds without scrapes for the statements-per-minute count
STARTS=${STARTS:-5}            # start-up runs per JDK (median)
SCRAPES=${SCRAPES:-25}         # sequential scrapes per window (two): latency (median), statements per scrape
PROBE_RUNS=${PROBE_RUNS:-5}    # psql runs of each probe query for its database time (mean)
APP_DIR=${APP_DIR:-$REPO_DIR/target/quarkus-app}
JAVA17=${JAVA17:-$(command -v java || echo /usr/bin/java)}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# JVM flags for the service: by default the memory settings of its JVM image (src/main/docker/Dockerfile.jvm)
JAVA_OPTS=${JAVA_OPTS-$(grep -oE -- '-(XX:|Xm|Xss)[^ "]+' "$REPO_DIR/src/main/docker/Dockerfile.jvm" | tr '\n' ' ')}
CACHES=${CACHES:-1}            # 1: also build and measure start-up with the JDK 25 AOT cache and JDK 17 AppCDS
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
PROPERTIES=$REPO_DIR/src/main/resources/checks/seed.properties

# What Prometheus 2.x sends when it scrapes: every tool answers this in the format it prefers.
PROMETHEUS_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
# Two Prometheus replicas scraping every 15 s.
SCRAPES_PER_HOUR=480

CHECKS=(active_sessions failed_logins database_size orphaned_images admin_users)
TOOLS=(ours pge pge_min sqlexp)
declare -A LABEL=(
  [ours]="superadmin-monitor"
  [pge]="postgres_exporter, five queries + default collectors"
  [pge_min]="postgres_exporter, five queries, collectors off"
  [sqlexp]="sql_exporter, one job of five queries"
)
# Each tool connects as its own role, so pg_stat_statements tells their statements apart (and apart
# from the benchmark's own, which run as postgres). The service uses the shipped monitoring role.
declare -A ROLE=([ours]=superadmin_monitor [pge]=bench_pge [pge_min]=bench_pge_min [sqlexp]=bench_sqlexp)
declare -A PID PORT URL STARTED_US    # per running tool
declare -A R                          # results: R[scale.tool.key], R[scale.key]
declare -A EXPECTED SQL METRIC INTERVAL SETTINGS
STARTED_PIDS=()
WORK='' PG_PORT='' DB='' RAW=''

log() { printf '[bench %(%T)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- set-up and clean-up ------------------------------------------------------------------------

cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${STARTED_PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [[ -n $WORK && -f $WORK/pgdata/postmaster.pid ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -n $WORK ]]; then rm -rf "$WORK"; fi
  [[ $status == 0 ]] || log "failed (exit $status); everything it started is stopped"
  exit "$status"
}

stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in {1..50}; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Installs what a fresh Debian 12 lacks. Services that packages would start on installation (the
# exporters on all interfaces, a cluster on 5432) are held back: this benchmark starts its own.
install_missing_packages() {
  local missing=() package
  for package in postgresql-15 postgresql-contrib prometheus-postgres-exporter prometheus-sql-exporter wrk curl; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  ((${#missing[@]} == 0)) && return 0
  [[ $EUID == 0 ]] || die "missing packages (${missing[*]}); run as root to install them"
  log "installing ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d own_policy='' failed=''
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || failed=1
  if [[ -n $own_policy ]]; then rm -f "$policy"; fi
  [[ -z $failed ]] || die "apt-get could not install ${missing[*]}"
}

ensure_app() {
  if [[ ! -f $APP_DIR/quarkus-run.jar ]]; then
    [[ $APP_DIR == "$REPO_DIR/target/quarkus-app" ]] || die "no quarkus-run.jar in APP_DIR=$APP_DIR"
    log "building the service (./mvnw -B -q -DskipTests package)"
    (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package)
  fi
}

# The five checks as the service runs them: SQL, metric name and interval from its configuration.
read_checks() {
  local check value
  for check in "${CHECKS[@]}"; do
    SQL[$check]=$(property "superadmin.checks.$check.sql")
    [[ -n ${SQL[$check]} ]] || die "no superadmin.checks.$check.sql in $PROPERTIES"
    value=$(property "superadmin.checks.$check.metric")
    METRIC[$check]=${value:-superadmin_$check}
    # what the service sets in the probe's transaction before the check: no parallel workers, its own settings
    SETTINGS[$check]="SET max_parallel_workers_per_gather = 0; $(sed -n "s/^superadmin\.checks\.$check\.settings\.\([a-z_.]*\)=\(.*\)/SET \1 = '\2';/p" "$PROPERTIES" | tr '\n' ' ')"
    value=$(property "superadmin.checks.$check.interval")
    INTERVAL[$check]=$(seconds "${value:-60s}")
  done
}

property() { sed -n "s/^${1//./\\.}=//p" "$PROPERTIES" | tail -1; }

seconds() {
  case $1 in
    *ms) echo $((${1%ms} / 1000)) ;;
    *s) echo "${1%s}" ;;
    *m) echo $((${1%m} * 60)) ;;
    *h) echo $((${1%h} * 3600)) ;;
    *) echo "$1" ;;
  esac
}

# A port nobody listens on, below the kernel's ephemeral range so that no outgoing connection or port-0
# listener (tests running beside) takes it before the tool binds it.
free_port() {
  local low port
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# ---- the private PostgreSQL ---------------------------------------------------------------------

start_postgres() {
  PG_PORT=$(free_port)
  mkdir "$WORK/pgdata"
  chown postgres:postgres "$WORK" "$WORK/pgdata"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  # fsync and full_page_writes off: the data is rebuilt on every run and only loading writes; the
  # probes read. shared_buffers stays at its default (128 MB), like a small managed database.
  cat >>"$WORK/pgdata/postgresql.conf" <<EOF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
max_connections = 50
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.max = 10000
fsync = off
full_page_writes = off
max_wal_size = 8GB
maintenance_work_mem = 256MB
EOF
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w -t 60 start >/dev/null
  local role
  for role in bench_pge bench_pge_min bench_sqlexp bench_psql; do
    # pg_monitor: postgres_exporter's default collectors read the statistics views.
    psql_run postgres -c "CREATE ROLE $role LOGIN IN ROLE pg_monitor"
  done
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

psql_run() {
  local db=$1; shift
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@" >/dev/null
}

psql_value() { psql -X -Atq -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "${2:-postgres}" -d "$DB" -c "$1"; }

load_database() {
  local scale=$1 started=$SECONDS
  DB=bench_s$scale
  log "loading $DB (SCALE=$scale)"
  psql_run postgres -c "CREATE DATABASE $DB"
  psql_run "$DB" -c 'CREATE EXTENSION pg_stat_statements' -f "$REPO_DIR/deploy/sql/schema.sql"
  psql_run "$DB" -f "$REPO_DIR/deploy/sql/monitor-role.sql"
  psql_run "$DB" -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_pge, bench_pge_min, bench_sqlexp, bench_psql"
  psql_run "$DB" -v scale="$scale" -f "$BENCH_DIR/fill.sql"
  # VACUUM sets the visibility map (index-only scans) and leaves autovacuum nothing to do mid-run.
  psql_run "$DB" -c 'VACUUM (ANALYZE)' -c 'CHECKPOINT'
  R[$scale.load_seconds]=$((SECONDS - started))
  R[$scale.sessions]=$(psql_value 'SELECT count(*) FROM admin_sessions')
  R[$scale.events]=$(psql_value 'SELECT count(*) FROM admin_security_events')
  R[$scale.images]=$(psql_value 'SELECT count(*) FROM product_images')
  R[$scale.products]=$(psql_value 'SELECT count(*) FROM products')
  R[$scale.db_bytes]=$(psql_value 'SELECT pg_database_size(current_database())')
  local check
  for check in "${CHECKS[@]}"; do
    EXPECTED[$check]=$(psql_value "${SQL[$check]}")
    R[$scale.expected.$check]=${EXPECTED[$check]}
  done
  log "loaded in ${R[$scale.load_seconds]} s: ${R[$scale.sessions]} sessions, ${R[$scale.events]} events," \
    "$((${R[$scale.db_bytes]} / 1048576)) MB; psql says: $(for c in "${CHECKS[@]}"; do printf '%s=%s ' "$c" "${EXPECTED[$c]}"; done)"
}

# Calls that reached PostgreSQL from a role, in every database, since its last reset.
statement_calls() { psql_value "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE userid = '$1'::regrole"; }
reset_statements() { psql_value "SELECT pg_stat_statements_reset('$1'::regrole::oid)" >/dev/null; }

# ---- the tools ----------------------------------------------------------------------------------

# Starts a tool in the background and records its pid, port and start time (microseconds).
start_tool() {
  local tool=$1 java=${2:-$JAVA17} flags=${3:-} port
  port=$(free_port)
  PORT[$tool]=$port
  STARTED_US[$tool]=${EPOCHREALTIME/./}
  case $tool in
    ours)
      URL[$tool]=http://127.0.0.1:$port/q/metrics
      # shellcheck disable=SC2086 # JAVA_OPTS and flags are lists of JVM options
      (cd "$APP_DIR" && exec env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/$DB" \
        QUARKUS_DATASOURCE_USERNAME=superadmin_monitor QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
        "$java" $JAVA_OPTS $flags -jar quarkus-run.jar) >"$WORK/$tool.log" 2>&1 &
      ;;
    pge | pge_min)
      URL[$tool]=http://127.0.0.1:$port/metrics
      local off=()
      [[ $tool == pge_min ]] && off=(--disable-default-metrics --disable-settings-metrics
        --no-collector.database --no-collector.bgwriter)
      DATA_SOURCE_NAME="postgresql://${ROLE[$tool]}@127.0.0.1:$PG_PORT/$DB?sslmode=disable" \
        prometheus-postgres-exporter --web.listen-address="127.0.0.1:$port" \
        --extend.query-path="$BENCH_DIR/postgres_exporter-queries.yaml" "${off[@]}" >"$WORK/$tool.log" 2>&1 &
      ;;
    sqlexp)
      URL[$tool]=http://127.0.0.1:$port/metrics
      sed "s|@DSN@|postgres://${ROLE[$tool]}@127.0.0.1:$PG_PORT/$DB?sslmode=disable|" \
        "$BENCH_DIR/sql_exporter.yml" >"$WORK/sql_exporter.yml"
      prometheus-sql-exporter -config.file "$WORK/sql_exporter.yml" -web.listen-address "127.0.0.1:$port" \
        >"$WORK/$tool.log" 2>&1 &
      ;;
  esac
  PID[$tool]=$!
  STARTED_PIDS+=("$!")
}

stop_tool() { stop_pid "${PID[$1]}"; }

# "check value" for each of the five checks found in a scrape.
scrape_values() {
  local tool=$1 file=$2 names=() check
  for check in "${CHECKS[@]}"; do
    case $tool in
      ours) names+=("${METRIC[$check]}=$check") ;;
      pge | pge_min) names+=("bench_${check}_value=$check") ;;
      sqlexp) names+=("sql_bench_${check}=$check") ;;
    esac
  done
  awk -v names="${names[*]}" '
    BEGIN { n = split(names, pairs, " "); for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); want[kv[1]] = kv[2] } }
    /^#/ { next }
    { name = $0; sub(/[{ ].*/, "", name) }
    name in want { rest = $0; sub(/^[^{ ]*(\{[^}]*\})? +/, "", rest); split(rest, f, " "); print want[name], f[1] }
  ' "$file"
}

# True when a scrape holds all five values equal to what psql computed. The database size alone may
# drift by itself (it counts every file of the database), so it gets 1 %.
scrape_is_correct() {
  local expected=() check
  for check in "${CHECKS[@]}"; do expected+=("$check=${EXPECTED[$check]}"); done
  scrape_values "$1" "$2" | awk -v expected="${expected[*]}" '
    BEGIN { n = split(expected, pairs, " "); for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); want[kv[1]] = kv[2] } }
    $1 in want { v = $2 + 0; w = want[$1] + 0
                 if (v == w || ($1 == "database_size" && v > w * 0.99 && v < w * 1.01)) ok[$1] = 1 }
    END { for (c in want) if (!(c in ok)) exit 1 }'
}

# Polls every 10 ms from the tool's start: the time to /q/health/ready 200 (the service only; "none"
# for the peers) and then to the first scrape with the five correct values, in seconds.
wait_until_correct() {
  local tool=$1 ready=none scrape=$WORK/$1.first-scrape
  if [[ $tool == ours ]]; then
    poll_until "$tool" curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$tool]}/q/health/ready"
    ready=$(elapsed_seconds "${STARTED_US[$tool]}" "${EPOCHREALTIME/./}")
  fi
  poll_until "$tool" correct_scrape "$tool" "$scrape"
  echo "$ready $(elapsed_seconds "${STARTED_US[$tool]}" "${EPOCHREALTIME/./}")"
}

correct_scrape() {
  curl -fs -o "$2" --max-time 5 -H "Accept: $PROMETHEUS_ACCEPT" "${URL[$1]}" && scrape_is_correct "$1" "$2"
}

# Runs a command every 10 ms until it succeeds, while the tool lives, for at most two minutes.
poll_until() {
  local tool=$1; shift
  local deadline=$((STARTED_US[$tool] + 120000000))
  until "$@"; do
    kill -0 "${PID[$tool]}" 2>/dev/null || { tail -20 "$WORK/$tool.log" >&2; die "$tool exited"; }
    if ((${EPOCHREALTIME/./} > deadline)); then
      [[ -f $WORK/$tool.first-scrape ]] && scrape_values "$tool" "$WORK/$tool.first-scrape" >&2
      die "$tool: no success within 120 s of its start: $*"
    fi
    sleep 0.01
  done
}

elapsed_seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }

memory_mb() { awk -v key="$2:" '$1 == key { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# Two windows of SCRAPES sequential scrapes: the median latency (ms), the size and content type of a
# scrape, and statements per scrape: the role's calls in a window, less what its own timers send in that
# time at the idle rate, per scrape; the lower of the two windows, as a timer run that happens to fall
# into one counts whole.
measure_scrape() {
  local scale=$1 tool=$2 role=${ROLE[$2]} times=() i out started calls per_scrape=()
  for _ in 1 2; do
    reset_statements "$role"
    started=${EPOCHREALTIME/./}
    for ((i = 0; i < SCRAPES; i++)); do
      out=$(curl -fs -o /dev/null -H "Accept: $PROMETHEUS_ACCEPT" -w '%{time_total} %{size_download} %{content_type}' "${URL[$tool]}")
      times+=("$(awk '{ printf "%.3f", $1 * 1000 }' <<<"$out")")
    done
    calls=$(statement_calls "$role")
    per_scrape+=("$(awk -v calls="$calls" -v idle="${R[$scale.$tool.per_minute]}" -v n="$SCRAPES" \
      -v seconds="$(elapsed_seconds "$started" "${EPOCHREALTIME/./}")" \
      'BEGIN { v = (calls - idle * seconds / 60) / n; printf "%.2f", (v < 0 ? 0 : v) }')")
  done
  R[$scale.$tool.scrape_ms]=$(median "${times[@]}")
  R[$scale.$tool.scrape_bytes]=$(cut -d' ' -f2 <<<"$out")
  R[$scale.$tool.content_type]=$(cut -d' ' -f3- <<<"$out")
  R[$scale.$tool.per_scrape_windows]=${per_scrape[*]}
  R[$scale.$tool.per_scrape]=$(printf '%s\n' "${per_scrape[@]}" | sort -g | head -1)
  log "$tool: one scrape ${R[$scale.$tool.scrape_ms]} ms, ${R[$scale.$tool.per_scrape]} statements per scrape"
}

# wrk -t2 -c8 against the metrics endpoint, after a warm-up run (the JVM compiles its hot code first;
# Prometheus only ever meets a warm process). A response counts up to 10 s, Prometheus' default
# scrape_timeout.
measure_throughput() {
  local scale=$1 tool=$2 out=$WORK/wrk-$1-$2.txt
  wrk -t2 -c8 -d"$WARMUP" --timeout 10s -H "Accept: $PROMETHEUS_ACCEPT" "${URL[$tool]}" >/dev/null
  reset_statements "${ROLE[$tool]}"
  wrk -t2 -c8 -d"$DURATION" --timeout 10s --latency -H "Accept: $PROMETHEUS_ACCEPT" "${URL[$tool]}" >"$out"
  R[$scale.$tool.wrk_calls]=$(statement_calls "${ROLE[$tool]}")
  read -r "R[$scale.$tool.rps]" "R[$scale.$tool.p50_ms]" "R[$scale.$tool.p99_ms]" "R[$scale.$tool.requests]" \
    "R[$scale.$tool.errors]" < <(awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
      $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
      / requests in / { requests = $1 }
      /^Requests\/sec:/ { rps = $2 }
      /Non-2xx/ { errors += $NF } /Socket errors/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
      END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, requests, errors }' "$out")
  log "$tool: ${R[$scale.$tool.rps]} req/s, p50 ${R[$scale.$tool.p50_ms]} ms, p99 ${R[$scale.$tool.p99_ms]} ms," \
    "${R[$scale.$tool.errors]} errors"
}

# ---- one scale ----------------------------------------------------------------------------------

run_scale() {
  local scale=$1 tool
  R[$scale.loadavg_before]=$(cut -d' ' -f1-3 /proc/loadavg)
  load_database "$scale"

  # The service first, its statements counted from its first connection: one round of the five probes.
  for tool in "${TOOLS[@]}"; do
    reset_statements "${ROLE[$tool]}"
    start_tool "$tool"
    read -r "R[$scale.$tool.ready_s]" "R[$scale.$tool.first_scrape_s]" < <(wait_until_correct "$tool")
    if [[ $tool == ours ]]; then
      R[$scale.round_statements]=$(statement_calls superadmin_monitor)
      R[$scale.round_db_ms]=$(psql_value "SELECT round(sum(total_exec_time)::numeric, 3)
        FROM pg_stat_statements WHERE userid = 'superadmin_monitor'::regrole")
    fi
    log "$tool: first correct scrape ${R[$scale.$tool.first_scrape_s]} s after start"
  done

  measure_idle "$scale"

  # Single scrapes after wrk: a process that Prometheus has scraped for a while has its hot code compiled.
  for tool in "${TOOLS[@]}"; do
    measure_throughput "$scale" "$tool"
    measure_scrape "$scale" "$tool"
    R[$scale.$tool.rss_peak_mb]=$(memory_mb "${PID[$tool]}" VmHWM)
    stop_tool "$tool"
  done

  measure_startup "$scale" "JDK 17|$JAVA17|"
  measure_startup "$scale" "JDK 25|$JAVA25|"
  cache_startups "$scale"
  measure_probes "$scale"
  R[$scale.loadavg_after]=$(cut -d' ' -f1-3 /proc/loadavg)
}

# All tools left alone together: the statements each sends per minute without a scrape, and each
# one's RSS 30 s after its start.
measure_idle() {
  local scale=$1 tool started=${EPOCHREALTIME/./} now wait calls
  for tool in "${TOOLS[@]}"; do reset_statements "${ROLE[$tool]}"; done
  for tool in "${TOOLS[@]}"; do
    now=${EPOCHREALTIME/./}
    wait=$(awk -v s="${STARTED_US[$tool]}" -v n="$now" 'BEGIN { w = (s + 30e6 - n) / 1e6; printf "%.3f", (w > 0 ? w : 0) }')
    sleep "$wait"
    R[$scale.$tool.rss30_mb]=$(memory_mb "${PID[$tool]}" VmRSS)
  done
  now=${EPOCHREALTIME/./}
  sleep "$(awk -v s="$started" -v n="$now" -v idle="$IDLE" 'BEGIN { w = (s + idle * 1e6 - n) / 1e6; printf "%.3f", (w > 0 ? w : 0) }')"
  now=${EPOCHREALTIME/./}
  R[$scale.idle_seconds]=$(elapsed_seconds "$started" "$now")
  for tool in "${TOOLS[@]}"; do
    calls=$(statement_calls "${ROLE[$tool]}")
    R[$scale.$tool.idle_calls]=$calls
    # A timer run executes each of its queries once: the most frequent statement counts the runs.
    R[$scale.$tool.idle_runs]=$(psql_value "SELECT coalesce(max(calls), 0) FROM pg_stat_statements
      WHERE userid = '${ROLE[$tool]}'::regrole")
    R[$scale.$tool.per_minute]=$(awk -v c="$calls" -v s="${R[$scale.idle_seconds]}" 'BEGIN { printf "%.1f", c * 60 / s }')
  done
  # The service's probes run on their timers whatever the scrapes; a probe is one round trip of a few
  # statements. Per hour: its statements per probe (measured here) times its probes per hour (from
  # the intervals; a one-minute window would miss the five-minute checks).
  R[$scale.ours.idle_probes]=$(probe_count)
  local probes_per_hour=0 check
  for check in "${CHECKS[@]}"; do probes_per_hour=$((probes_per_hour + 3600 / INTERVAL[$check])); done
  R[$scale.ours.probes_per_hour]=$probes_per_hour
  log "idle for ${R[$scale.idle_seconds]} s: statements per minute" \
    "$(for t in "${TOOLS[@]}"; do printf '%s=%s ' "$t" "${R[$scale.$t.per_minute]}"; done)"
}

# Probes the service ran since the last reset: each probe's SELECT wraps the check as "... AS probe".
probe_count() {
  psql_value "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
    WHERE userid = 'superadmin_monitor'::regrole AND query LIKE '%) AS probe'"
}

# Start-up of the service alone: to /q/health/ready 200 and to the first correct scrape, median of
# STARTS runs. Argument: "label|java|JVM flags".
measure_startup() {
  local scale=$1 label java flags key ready=() scrape=() i r s
  IFS='|' read -r label java flags <<<"$2"
  key=$scale.startup.${label// /_}
  if [[ ! -x $java ]]; then
    R[$key]="skipped: no $java"
    return
  fi
  for ((i = 0; i < STARTS; i++)); do
    start_tool ours "$java" "$flags"
    if ! read -r r s < <(wait_until_correct ours); then
      stop_tool ours
      R[$key]="failed: $( (grep -m1 '^Caused by' "$WORK/ours.log" || grep -m1 -iE 'exception|error' "$WORK/ours.log") | cut -c1-200)"
      log "start-up $label $flags failed; the benchmark goes on"
      return
    fi
    ready+=("$r") scrape+=("$s")
    stop_tool ours
  done
  R[$key]="$(median "${ready[@]}") $(median "${scrape[@]}") $("$java" -version 2>&1 | head -1 | cut -d'"' -f2)"
  R[$key.runs]="${ready[*]} / ${scrape[*]}"
  if grep -qiE '\[(warning|error) *\]\[(cds|aot)' "$WORK/ours.log"; then
    R[$key.note]="the JVM reported: $(grep -iE '\[(warning|error) *\]\[(cds|aot)' "$WORK/ours.log" | head -1)"
  fi
  log "start-up $label $flags: ready $(median "${ready[@]}") s, first correct scrape $(median "${scrape[@]}") s"
}

# Start-up with a class cache, at the last scale only: JDK 25 with the AOT cache that `-Paot` trains
# during PackagedAppIT, and JDK 17 with the AppCDS archive Quarkus makes at build time. Each needs its
# own build of the service (the aot-jar layout), made in place and measured there (a cache remembers
# its jars), then the plain build is restored. CACHES=0 leaves them out. The training test needs a
# PostgreSQL: it uses this benchmark's private one.
cache_startups() {
  local scale=$1 last=${SCALES##* }
  if [[ $scale != "$last" || $CACHES != 1 || $APP_DIR != "$REPO_DIR/target/quarkus-app" ]]; then
    R[$scale.startup.JDK_25_+_AOT_cache]="not measured at this scale (CACHES=1, the last scale, the default APP_DIR)"
    R[$scale.startup.JDK_17_+_CDS_archive]=${R[$scale.startup.JDK_25_+_AOT_cache]}
    return
  fi
  if build_with_cache "JDK 25 AOT cache" "$(dirname "$(dirname "$JAVA25")")" verify && [[ -f $APP_DIR/app.aot ]]; then
    measure_startup "$scale" "JDK 25 + AOT cache|$JAVA25|-XX:AOTCache=app.aot"
  else
    R[$scale.startup.JDK_25_+_AOT_cache]="failed: the -Paot build on JDK 25 left no app.aot (see $RESULTS_DIR/build-aot.log)"
  fi
  # AppCDS is made at build time: no training run (a JDK 17 test launcher would be handed JDK 25 flags)
  if build_with_cache "JDK 17 AppCDS archive" "$(dirname "$(dirname "$(readlink -f "$JAVA17")")")" \
      package -DskipTests -Dquarkus.package.jar.aot.type=app-cds && [[ -f $APP_DIR/app-cds.jsa ]]; then
    measure_startup "$scale" "JDK 17 + CDS archive|$JAVA17|-XX:SharedArchiveFile=app-cds.jsa"
  else
    R[$scale.startup.JDK_17_+_CDS_archive]="failed: the -Paot build on JDK 17 left no app-cds.jsa (see $RESULTS_DIR/build-aot.log)"
  fi
  log "restoring the plain build (./mvnw -B -q -DskipTests package)"
  (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package) >>"$RESULTS_DIR/build-aot.log" 2>&1
}

# ./mvnw -Paot with the given JAVA_HOME, goal and flags; its output goes to build-aot.log.
build_with_cache() {
  local what=$1 java_home=$2
  shift 2
  log "building the service with the $what (./mvnw -B -Paot $*)"
  (cd "$REPO_DIR" && JAVA_HOME=$java_home SUPERADMIN_TEST_PG_PORT=$PG_PORT ./mvnw -B -Paot "$@") \
    >>"$RESULTS_DIR/build-aot.log" 2>&1
}

# The cost of each probe query in the database: its plan and execution time under EXPLAIN (ANALYZE,
# BUFFERS), and the mean execution time of PROBE_RUNS plain runs (pg_stat_statements).
measure_probes() {
  local scale=$1 check explain=$RESULTS_DIR/explain-scale$1.txt plan i
  : >"$explain"
  for check in "${CHECKS[@]}"; do
    reset_statements bench_psql
    # psql -c runs the settings and the query in one transaction, as the probe does, and prints the last result
    for ((i = 0; i < PROBE_RUNS; i++)); do psql_value "${SETTINGS[$check]} ${SQL[$check]}" bench_psql >/dev/null; done
    R[$scale.probe.$check.mean_ms]=$(psql_value "SELECT round((sum(total_exec_time) / sum(calls))::numeric, 3)
      FROM pg_stat_statements WHERE userid = 'bench_psql'::regrole AND query NOT LIKE 'SET %'")
    plan=$(psql_value "${SETTINGS[$check]} EXPLAIN (ANALYZE, BUFFERS) ${SQL[$check]}")
    printf '== %s (SCALE=%s)\n%s\n%s\n\n%s\n\n' "$check" "$scale" "${SETTINGS[$check]}" "${SQL[$check]}" "$plan" >>"$explain"
    R[$scale.probe.$check.explain_ms]=$(awk '/Execution Time:/ { print $3 }' <<<"$plan")
    R[$scale.probe.$check.plan]=$(awk '
      { line = $0; sub(/^ *(-> *)?/, "", line); sub(/ *\(cost=.*/, "", line) }
      line ~ /(Scan|Anti Join|Semi Join|Hash Join|Nested Loop)/ { out = out (out ? "; " : "") line }
      END { print out ? out : "no scan (function call)" }' <<<"$plan")
    log "probe $check: ${R[$scale.probe.$check.plan]}, ${R[$scale.probe.$check.mean_ms]} ms"
  done
}

# ---- the report ---------------------------------------------------------------------------------

write_raw() {
  local key
  for key in "${!R[@]}"; do printf '%s\t%s\n' "$key" "${R[$key]}"; done | sort >"$RAW"
}

# Two significant digits at least: 0.0012×, 0.45×, 12.5×, 506×.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (b <= 0) { print "–"; exit }
    r = a / b; printf (r >= 100 ? "%.0f×" : r >= 10 ? "%.1f×" : r >= 0.1 ? "%.2f×" : "%.2g×"), r }'
}

# Statements an hour for two replicas scraping every 15 s: per scrape × scrapes, plus what the tool's
# timers send. Timers are counted per run, measured in the idle window, times runs per hour from the
# configuration: a one-minute window holds a fractional number of runs (and none of the service's
# five-minute checks).
statements_per_hour() {
  local scale=$1 tool=$2 calls=${R[$1.$2.idle_calls]} runs per_hour
  case $tool in
    ours) runs=${R[$scale.ours.idle_probes]} per_hour=${R[$scale.ours.probes_per_hour]} ;;
    sqlexp) runs=${R[$scale.sqlexp.idle_runs]} per_hour=$((3600 / $(seconds "$(sql_exporter_interval)"))) ;;
    *) runs=1 per_hour=$(awk -v s="${R[$scale.idle_seconds]}" 'BEGIN { print 3600 / s }') ;;
  esac
  awk -v scrape="${R[$scale.$tool.per_scrape]}" -v n="$SCRAPES_PER_HOUR" -v calls="$calls" -v runs="$runs" \
    -v per_hour="$per_hour" 'BEGIN { printf "%.0f", scrape * n + (runs ? calls / runs * per_hour : 0) }'
}

sql_exporter_interval() { sed -n 's/^ *interval: *//p' "$BENCH_DIR/sql_exporter.yml" | head -1; }

write_report() {
  local report=$RESULTS_DIR/latest.md scale
  {
    echo "# superadmin-monitor beside postgres_exporter and sql_exporter"
    echo
    echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $(((SECONDS + 30) / 60)) minutes. Every tool was measured in"
    echo "this one run, on this machine, against the same database: compare the ratios, not the absolute numbers."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| machine | $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Debian $(cat /etc/debian_version), Linux $(uname -r) |"
    echo "| superadmin-monitor | commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_DIR" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)'), Quarkus $(find "$APP_DIR/lib" -name 'io.quarkus.quarkus-core-*.jar' -printf '%f\n' | sed 's/io.quarkus.quarkus-core-//; s/.jar$//' | head -1), app built $(date -u -r "$APP_DIR/quarkus-run.jar" '+%Y-%m-%d %H:%M UTC'); JVM flags: ${JAVA_OPTS:-none} |"
    echo "| JDK 17 | $("$JAVA17" -version 2>&1 | sed -n 2p) |"
    echo "| JDK 25 | $([[ -x $JAVA25 ]] && "$JAVA25" -version 2>&1 | sed -n 2p || echo 'not installed') |"
    echo "| PostgreSQL | $("$PG_BIN/postgres" --version | awk '{print $3}') (private cluster, shared_buffers 128 MB, pg_stat_statements.track = all) |"
    echo "| postgres_exporter | $(package_version prometheus-postgres-exporter) (Debian), custom queries \`bench/postgres_exporter-queries.yaml\` |"
    echo "| sql_exporter | $(package_version prometheus-sql-exporter) (Debian; credativ/sql_exporter), \`bench/sql_exporter.yml\`: one job, interval 15 s |"
    echo "| wrk | $(package_version wrk): \`wrk -t2 -c8 -d$DURATION --timeout 10s --latency\` after a $WARMUP warm-up, with Prometheus' Accept header |"
    echo
    for scale in $SCALES; do write_scale "$scale"; done
    echo "## How to read it"
    echo
    echo "- **start → correct scrape**: from starting the process to the first scrape whose five values equal what psql"
    echo "  computes (polled every 10 ms). **RSS at 30 s**: VmRSS 30 s after start, idle; **peak**: VmHWM after wrk."
    echo "- **req/s, p50, p99**: wrk after a $WARMUP warm-up. **one scrape**: median of $((2 * SCRAPES)) sequential curl"
    echo "  scrapes after wrk (curl's time_total, a new connection each)."
    echo "- **stmts / scrape**: pg_stat_statements calls of the tool's role during $SCRAPES sequential scrapes, less what"
    echo "  its timers send in that time at the idle rate, per scrape; the lower of two such windows."
    echo "  **stmts / min idle**: calls in ${IDLE} s with no scrape at all (all tools idle together), per minute; a timer"
    echo "  run that straddles the window's start counts in part (sql_exporter: 5 statements a run)."
    echo "- **stmts / h**: for two Prometheus replicas scraping every 15 s ($SCRAPES_PER_HOUR scrapes an hour):"
    echo "  per scrape × $SCRAPES_PER_HOUR + what the timers send: statements per timer run (measured in the idle window) ×"
    echo "  runs per hour from the configuration (sql_exporter: one run of the five queries every $(sql_exporter_interval);"
    echo "  superadmin-monitor: ${R[${SCALES%% *}.ours.probes_per_hour]} probes from the check intervals, whatever the scrapes)."
    echo "  **transactions / h**: every peer statement is a transaction of its own; each probe of the service is one round"
    echo "  trip and one transaction."
    echo "- The service's first round: its statements and their database time from its first connection to its first"
    echo "  correct scrape (all five probes once)."
  } >"$report"
  write_raw
  log "wrote $report and $RAW"
}

package_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

write_scale() {
  local scale=$1 tool sql_rps=${R[$1.sqlexp.rps]} pge_rps=${R[$1.pge.rps]}
  echo "## SCALE=$scale: ${R[$scale.sessions]} sessions, ${R[$scale.events]} security events, ${R[$scale.images]} images, $((${R[$scale.db_bytes]} / 1048576)) MB"
  echo
  echo "Load average (1, 5, 15 min) before this scale: ${R[$scale.loadavg_before]}; after: ${R[$scale.loadavg_after]}" \
    "(2 cores: anything well above the benchmark's own load means other work shared the machine)."
  echo
  echo "| tool | start → correct scrape | RSS at 30 s | RSS peak | scrape size | one scrape | req/s | p50 | p99 | req/s vs sql_exporter | vs postgres_exporter | stmts / scrape | stmts / min idle | stmts / h | transactions / h |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  local per_hour transactions
  for tool in "${TOOLS[@]}"; do
    per_hour=$(statements_per_hour "$scale" "$tool")
    if [[ $tool == ours ]]; then transactions=${R[$scale.ours.probes_per_hour]}; else transactions=$per_hour; fi
    printf '| %s | %s s | %s MB | %s MB | %s KB | %s ms | %s | %s ms | %s ms | %s | %s | %s | %s | %s | %s |\n' \
      "${LABEL[$tool]}" "${R[$scale.$tool.first_scrape_s]}" "${R[$scale.$tool.rss30_mb]}" "${R[$scale.$tool.rss_peak_mb]}" \
      "$((${R[$scale.$tool.scrape_bytes]} / 1024))" "${R[$scale.$tool.scrape_ms]}" \
      "${R[$scale.$tool.rps]}" "${R[$scale.$tool.p50_ms]}" "${R[$scale.$tool.p99_ms]}" \
      "$(ratio "${R[$scale.$tool.rps]}" "$sql_rps")" "$(ratio "${R[$scale.$tool.rps]}" "$pge_rps")" \
      "${R[$scale.$tool.per_scrape]}" "${R[$scale.$tool.per_minute]}" "$per_hour" "$transactions"
  done
  echo
  for tool in "${TOOLS[@]}"; do
    ((${R[$scale.$tool.errors]} == 0)) || echo "- ${LABEL[$tool]}: ${R[$scale.$tool.errors]} failed requests under wrk."
  done
  echo "- Content types answered to Prometheus' Accept header: superadmin-monitor \`${R[$scale.ours.content_type]}\`," \
    "postgres_exporter \`${R[$scale.pge.content_type]}\`, sql_exporter \`${R[$scale.sqlexp.content_type]}\`."
  echo "- superadmin-monitor ready (\`/q/health/ready\` 200) ${R[$scale.ours.ready_s]} s after start; its first round:" \
    "${R[$scale.round_statements]} statements, ${R[$scale.round_db_ms]} ms of database time;" \
    "${R[$scale.ours.probes_per_hour]} probes an hour with the default intervals."
  echo
  echo "Start-up of superadmin-monitor alone (median of $STARTS runs):"
  echo
  echo "| JVM | ready | first correct scrape | java -version |"
  echo "|---|--:|--:|---|"
  local key label ready scrape version
  for label in "JDK 17" "JDK 25" "JDK 17 + CDS archive" "JDK 25 + AOT cache"; do
    key=$scale.startup.${label// /_}
    if [[ ${R[$key]} == skipped* || ${R[$key]} == failed* ]]; then
      echo "| $label | – | – | ${R[$key]} |"
    else
      read -r ready scrape version <<<"${R[$key]}"
      echo "| $label | $ready s | $scrape s | $version${R[$key.note]:+ (${R[$key.note]})} |"
    fi
  done
  echo
  echo "Probe queries at SCALE=$scale (plans in \`bench/results/explain-scale$scale.txt\`):"
  echo
  echo "| check | plan | EXPLAIN ANALYZE | mean of $PROBE_RUNS runs |"
  echo "|---|---|--:|--:|"
  local check total=0
  for check in "${CHECKS[@]}"; do
    echo "| \`$check\` | ${R[$scale.probe.$check.plan]} | ${R[$scale.probe.$check.explain_ms]} ms | ${R[$scale.probe.$check.mean_ms]} ms |"
    total=$(awk -v a="$total" -v b="${R[$scale.probe.$check.mean_ms]}" 'BEGIN { print a + b }')
  done
  echo "| one round of the five | | | $total ms |"
  echo
}

# ---- main ---------------------------------------------------------------------------------------

main() {
  [[ $EUID == 0 ]] || die "run as root: PostgreSQL's initdb and pg_ctl run as the postgres user"
  install_missing_packages
  ensure_app
  read_checks
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d /tmp/superadmin-bench.XXXXXX)
  mkdir -p "$RESULTS_DIR"
  RAW=$RESULTS_DIR/latest.tsv
  log "SCALES='$SCALES' DURATION=$DURATION IDLE=${IDLE}s STARTS=$STARTS APP_DIR=$APP_DIR JAVA_OPTS='$JAVA_OPTS'"
  start_postgres
  local scale
  for scale in $SCALES; do run_scale "$scale"; done
  write_report
}

# Sourcing the file (for a look at one function) runs nothing. The exit is parsed with the call, so an
# edit of this file while it runs cannot make bash read on into something else.
[[ ${BASH_SOURCE[0]} != "$0" ]] || { main "$@"; exit; }
