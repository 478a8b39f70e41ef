#!/usr/bin/env bash
# superadmin-monitor watching N databases at once (issue 13): ready time, memory, idle CPU, backends held and
# the cost of /q/metrics and /status, for N = 1, 100, 1,000 targets, the five seed checks on each, with the
# image's JVM flags inside a memory limit as a container has one. See bench/README.md (Many databases).
#
#   bash bench/scale.sh                          # as root, from the repository root; about 6 minutes
#   TARGETS='1 100' IDLE=20 bash bench/scale.sh  # fewer sizes, a shorter idle window
#   LIMIT_MB=512 bash bench/scale.sh             # every size in a 512 MiB limit instead of the sizing rule
#
# The N targets are N names for one database (deploy/sql's schema, monitoring role and demo data) reached
# through pgbouncer in transaction mode (pooler mode on), all on one private PostgreSQL (127.0.0.1, free ports,
# stopped on exit): this machine's PostgreSQL accepts about 17 new connections a second (a fork costs it ~60 ms;
# pgbench -C measures it), so N separate databases on it would measure its forks, not the service, while
# pgbouncer accepts a connection in ~1 ms, as N separate servers would each accept their one. The service runs
# in a cgroup (v1 or v2) whose memory limit is the sizing rule of docs/many-databases.md for N targets; the JVM
# sizes its heap from it as it does in a container.
# Writes bench/results/scale-latest.md (the table) and scale-latest.tsv (every number); the service's log per size
# stays in /tmp/superadmin-scale-logs.
set -euo pipefail
export LC_ALL=C

# run.sh's helpers: the private PostgreSQL, starting and polling a process, clean-up; sourcing runs nothing
# shellcheck source=run.sh
source "$(dirname "${BASH_SOURCE[0]}")/run.sh"

TARGETS=${TARGETS:-"1 100 1000"}
IDLE=${IDLE:-60}              # seconds without requests: idle CPU, then RSS and backends at its end
REQUESTS=${REQUESTS:-25}      # sequential requests per endpoint for the median latency
SCALE_TABLE=$RESULTS_DIR/scale-latest.md
SCALE_RAW=$RESULTS_DIR/scale-latest.tsv
LOGS=${LOGS:-/tmp/superadmin-scale-logs}   # the service's log per size, kept after the run
CGROUP=''

# The memory limit for N targets (MiB): the sizing rule of docs/many-databases.md (128 MiB and 400 KiB per
# target), unless LIMIT_MB is given.
limit_mb() { echo "${LIMIT_MB:-$((128 + ($1 * 400 + 1023) / 1024))}"; }

# A cgroup with a memory limit that the service is started in: what a container's limit is to the JVM.
make_cgroup() {
  local limit=$(($1 * 1024 * 1024)) v1
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    CGROUP=/sys/fs/cgroup/superadmin-scale-$$
    mkdir -p "$CGROUP" && echo "$limit" >"$CGROUP/memory.max"
  else
    v1=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
    CGROUP=${v1%/}/superadmin-scale-$$
    mkdir -p "$CGROUP" && echo "$limit" >"$CGROUP/memory.limit_in_bytes"
  fi
}

remove_cgroup() { [[ -z $CGROUP ]] || rmdir "$CGROUP" 2>/dev/null || true; CGROUP=''; }

# On exit, with the script's status: the service first (a cgroup with a process in it cannot go), then the rest.
scale_cleanup() {
  local status=$?
  if [[ -n ${PID[ours]:-} ]]; then stop_pid "${PID[ours]}"; fi
  remove_cgroup
  stop_bouncer
  (exit "$status")
  cleanup
}

# The one database every target is, and pgbouncer in front of it.
load_fleet_database() {
  DB=fleet
  psql_run postgres -c "CREATE DATABASE $DB"
  psql_run "$DB" -f "$REPO_DIR/deploy/sql/schema.sql" -f "$REPO_DIR/deploy/sql/monitor-role.sql" \
    -f "$REPO_DIR/deploy/sql/demo-data.sql"
  # the role's shipped limit (5) would hold pgbouncer's pool of server connections to 5
  psql_run postgres -c 'ALTER ROLE superadmin_monitor CONNECTION LIMIT -1'
  BOUNCER_PORT=$(free_port)
  mkdir "$WORK/bouncer"
  echo '"superadmin_monitor" ""' >"$WORK/bouncer/userlist.txt"
  cat >"$WORK/bouncer/pgbouncer.ini" <<EOF
[databases]
fleet = host=127.0.0.1 port=$PG_PORT dbname=$DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/bouncer/userlist.txt
logfile = $WORK/bouncer/pgbouncer.log
pidfile = $WORK/bouncer/pgbouncer.pid
pool_mode = transaction
max_client_conn = 5000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
EOF
  chown -R postgres:postgres "$WORK/bouncer"
  # not runuser, whose PAM session would leave it 1,024 files: a thousand targets' connections need more
  (ulimit -n 16384 && setpriv --reuid=postgres --regid=postgres --clear-groups /usr/sbin/pgbouncer -d "$WORK/bouncer/pgbouncer.ini")
  for _ in {1..50}; do (exec 3<>"/dev/tcp/127.0.0.1/$BOUNCER_PORT") 2>/dev/null && break; sleep 0.1; done
  log "pgbouncer $(/usr/sbin/pgbouncer --version | head -1 | awk '{print $2}') on 127.0.0.1:$BOUNCER_PORT"
}

stop_bouncer() {
  [[ -n ${WORK:-} && -f $WORK/bouncer/pgbouncer.pid ]] && kill "$(cat "$WORK/bouncer/pgbouncer.pid")" 2>/dev/null || true
}

# The targets as an operator writes them in a file of their own (quarkus.config.locations).
write_targets() {
  local n=$1 file=$2 i
  : >"$file"
  for ((i = 1; i <= n; i++)); do
    printf 'superadmin.targets.t%04d.url=postgresql://127.0.0.1:%s/fleet\nsuperadmin.targets.t%04d.username=superadmin_monitor\nsuperadmin.targets.t%04d.pooler=true\n' \
      "$i" "$BOUNCER_PORT" "$i" "$i"
  done >>"$file"
}

# TCP connections the service holds to the database side (pgbouncer stands for the targets' servers).
connections() { ss -Htn state established "( dport = :$BOUNCER_PORT )" | wc -l; }

cpu_seconds() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

# Median time (ms) of REQUESTS sequential GETs, and the size of the last answer (bytes).
latency() {
  local url=$1 accept=${2:-application/json} times=() i out
  for ((i = 0; i < REQUESTS; i++)); do
    out=$(curl -fsS -o "$WORK/answer" -w '%{time_total} %{size_download}' -H "Accept: $accept" "$url")
    times+=("$(awk -v t="${out% *}" 'BEGIN { printf "%.2f", t * 1000 }')")
  done
  echo "$(median "${times[@]}" | awk '{ printf "%.1f", $1 }') ${out#* }"
}

measure_targets() {
  local n=$1 limit port pid ready cpu0 cpu1 rss backends_idle metrics status filtered summary series errors unknown
  limit=$(limit_mb "$n")
  write_targets "$n" "$WORK/targets.properties"
  make_cgroup "$limit"
  port=$(free_port)
  PORT[ours]=$port
  STARTED_US[ours]=${EPOCHREALTIME/./}
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
  (echo "$BASHPID" >"$CGROUP/cgroup.procs" && cd "$APP_DIR" &&
    exec env QUARKUS_CONFIG_LOCATIONS="$WORK/targets.properties" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
      "$JAVA17" $JAVA_OPTS -jar quarkus-run.jar) >"$LOGS/ours-$n.log" 2>&1 &
  # where run.sh's poll_until shows a log from when the service exits early
  ln -sf "$LOGS/ours-$n.log" "$WORK/ours.log"
  PID[ours]=$!
  STARTED_PIDS+=("$!")
  pid=${PID[ours]}
  poll_until ours curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready"
  ready=$(elapsed_seconds "${STARTED_US[ours]}" "${EPOCHREALTIME/./}")
  log "$n targets in ${limit} MiB: ready after $ready s; idle for $IDLE s"
  cpu0=$(cpu_seconds "$pid")
  sleep "$IDLE"
  cpu1=$(cpu_seconds "$pid")
  rss=$(memory_mb "$pid" VmRSS)
  backends_idle=$(connections)
  curl -fsS -o "$WORK/status.json" "http://127.0.0.1:$port/status?view=summary"
  # checks not answered: UNKNOWN (an error, or not yet probed); the demo data puts some checks in WARNING
  unknown=$(jq '[.targets[].counts.unknown] | add // 0' "$WORK/status.json" 2>/dev/null || echo '?')
  errors=$(grep -cE ' (ERROR|WARN) ' "$LOGS/ours-$n.log" || true)
  metrics=$(latency "http://127.0.0.1:$port/q/metrics" "$PROMETHEUS_ACCEPT")
  series=$(grep -vc '^#' "$WORK/answer" || true)
  status=$(latency "http://127.0.0.1:$port/status")
  filtered=$(latency "http://127.0.0.1:$port/status?state=critical,unknown")
  summary=$(latency "http://127.0.0.1:$port/status?view=summary")
  stop_tool ours
  remove_cgroup
  local idle_cpu
  idle_cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v s="$IDLE" 'BEGIN { printf "%.2f", (b - a) * 60 / s }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$limit" "$ready" "$rss" "$idle_cpu" \
    "$backends_idle" "$unknown" "$errors" "$metrics" "$series" "$status" "$filtered" "$summary" >>"$SCALE_RAW"
  printf '| %s | %s MiB | %s s | %s MB | %s s/min | %s | %s / %s | %s KB, %s series, p50 %s ms | %s KB, p50 %s ms | p50 %s ms | p50 %s ms |\n' \
    "$n" "$limit" "$ready" "$rss" "$idle_cpu" "$backends_idle" "$unknown" "$errors" \
    "$(kb "${metrics#* }")" "$series" "${metrics%% *}" "$(kb "${status#* }")" "${status%% *}" "${filtered%% *}" "${summary%% *}" \
    >>"$SCALE_TABLE"
  log "$n targets: RSS $rss MB, idle CPU $idle_cpu s/min, $backends_idle connections, /q/metrics ${metrics%% *} ms, /status ${status%% *} ms"
}

kb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1024 }'; }

scale_main() {
  [[ $EUID == 0 ]] || die "run as root: PostgreSQL's initdb and pg_ctl run as the postgres user, and the cgroup"
  command -v jq >/dev/null || die "jq is needed to read /status"
  install_missing_packages
  ensure_app
  trap scale_cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d /tmp/superadmin-scale.XXXXXX)
  mkdir -p "$RESULTS_DIR" "$LOGS"
  local n
  start_postgres
  load_fleet_database
  {
    echo "# superadmin-monitor: many databases on one instance"
    echo
    echo "Written by \`bench/scale.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), repository at commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_DIR" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)'),"
    echo "$("$JAVA17" -version 2>&1 | sed -n 2p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
    echo "The image's flags (\`src/main/docker/Dockerfile.jvm\`): \`$JAVA_OPTS\`, in a cgroup memory limit of the"
    echo "size given (the sizing rule of docs/many-databases.md). N targets, the five seed checks on each, all one database behind"
    echo "pgbouncer (transaction mode, pooler mode on) on one PostgreSQL 15: see the script's header for why."
    echo "Ready: from the process' start to /q/health/ready answering 200 (every probe of the first round done)."
    echo "Idle CPU, RSS and connections: over and at the end of $IDLE s without requests (connections: the service's to pgbouncer). Latency: median of $REQUESTS"
    echo "sequential requests (Prometheus' Accept for /q/metrics). Not answered: checks UNKNOWN at that point / log lines at WARN or ERROR."
    echo
    echo "| targets | memory limit | ready | RSS | idle CPU | connections held idle | not answered / log warnings | /q/metrics | /status | /status?state=critical,unknown | /status?view=summary |"
    echo "|--:|--:|--:|--:|--:|--:|--:|---|---|--:|--:|"
  } >"$SCALE_TABLE"
  : >"$SCALE_RAW"
  for n in $TARGETS; do
    measure_targets "$n"
  done
  log "wrote $SCALE_TABLE and $SCALE_RAW"
}

[[ ${BASH_SOURCE[0]} != "$0" ]] || { scale_main "$@"; exit; }
