#!/usr/bin/env bash
# Memory of superadmin-monitor with one target, 30 s after its start: RSS, classes, heap and Native Memory
# Tracking, per JVM configuration (issue 16). See bench/README.md (Memory).
#
#   bash bench/memory.sh                                   # as root, from the repository root; the image's flags
#   bash bench/memory.sh 'image flags|' '-Xmx16m|-Xmx16m'  # configurations: "label|JVM flags added to the image's"
#   bash bench/memory.sh 'two arenas||MALLOC_ARENA_MAX=2'  #   and, after a second |, environment variables
#   RUNS=5 APP_DIR=/tmp/other-build bash bench/memory.sh   # another build, more runs
#
# Each configuration runs RUNS times (3) without NMT, for RSS, classes and heap, then once more with
# -XX:NativeMemoryTracking=summary for the categories (NMT costs memory of its own, so its run gives no RSS).
# Writes bench/results/memory-latest.md (the table) and memory-latest.tsv (every run). It uses run.sh's private
# PostgreSQL (a free port, 127.0.0.1 only, stopped on exit) with deploy/sql's schema, monitoring role and demo data.
set -euo pipefail
export LC_ALL=C

# run.sh's helpers: the private PostgreSQL, starting the service, polling it, clean-up; sourcing runs nothing
# shellcheck source=run.sh
source "$(dirname "${BASH_SOURCE[0]}")/run.sh"

RUNS=${RUNS:-3}           # runs per configuration (median)
AT=${AT:-30}              # seconds after start
MEMORY_TABLE=$RESULTS_DIR/memory-latest.md
MEMORY_RAW=$RESULTS_DIR/memory-latest.tsv
MEASURED=''

# The five checks' values, as run.sh expects them before it calls a scrape correct.
load_demo_database() {
  DB=memory
  psql_run postgres -c "CREATE DATABASE $DB"
  psql_run "$DB" -c 'CREATE EXTENSION pg_stat_statements' -f "$REPO_DIR/deploy/sql/schema.sql"
  psql_run "$DB" -f "$REPO_DIR/deploy/sql/monitor-role.sql" -f "$REPO_DIR/deploy/sql/demo-data.sql"
  local check
  for check in "${CHECKS[@]}"; do EXPECTED[$check]=$(psql_value "${SQL[$check]}"); done
}

# One start of the service: ready, a correct scrape (as in run.sh), then idle until AT seconds after its start.
# Sets MEASURED to "rss_mb threads loaded unloaded heap_used_mb metaspace_used_mb ready_s"; with NMT, the summary
# goes to $3. Not in a subshell, so that the clean-up on exit knows the process.
measure_once() {
  local flags=$1 env=$2 nmt_file=${3:-} ready pid wait variable
  # exported for the start only: the service inherits them, the rest of the script does not keep them
  for variable in $env; do export "${variable?}"; done
  start_tool ours "$JAVA17" "$flags${nmt_file:+ -XX:NativeMemoryTracking=summary}"
  for variable in $env; do unset "${variable%%=*}"; done
  read -r ready _ < <(wait_until_correct ours)
  pid=${PID[ours]}
  wait=$(awk -v s="${STARTED_US[ours]}" -v n="${EPOCHREALTIME/./}" -v at="$AT" 'BEGIN { w = (s + at * 1e6 - n) / 1e6; printf "%.3f", (w > 0 ? w : 0) }')
  sleep "$wait"
  local rss threads classes heap
  rss=$(memory_mb "$pid" VmRSS)
  threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$pid/status")
  classes=$(jcmd "$pid" PerfCounter.print | awk -F= '/^java.cls.loadedClasses=/ { l = $2 } /^java.cls.unloadedClasses=/ { u = $2 } END { print l, u }')
  # young and old generation used, and metaspace used, in MB (SerialGC's and G1's wording)
  heap=$(jcmd "$pid" GC.heap_info | awk '
    function kb(v) { gsub(/[^0-9]/, "", v); return v / 1024 }
    /generation|garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") heap += kb($(i + 1)) }
    /^ *Metaspace/ { for (i = 1; i <= NF; i++) if ($i == "used") meta = kb($(i + 1)) }
    END { printf "%.1f %.1f", heap, meta }')
  if [[ -n $nmt_file ]]; then jcmd "$pid" VM.native_memory summary >"$nmt_file"; fi
  stop_tool ours
  MEASURED="$rss $threads $classes $heap $ready"
}

# "Category=committed MB" for the NMT categories that matter here, from a summary.
nmt_categories() {
  awk '
    /^Total:/ { match($0, /committed=[0-9]+KB/); total = substr($0, RSTART + 10, RLENGTH - 12) / 1024 }
    /^-/ { name = $0; sub(/^- */, "", name); sub(/ *\(reserved.*/, "", name)
           match($0, /committed=[0-9]+KB/); mb[name] = substr($0, RSTART + 10, RLENGTH - 12) / 1024 }
    /malloc: [0-9]+KB/ && !malloc { match($0, /[0-9]+KB/); malloc = substr($0, RSTART, RLENGTH - 2) / 1024 }
    END {
      printf "heap %.1f, class+metaspace %.1f, symbols %.1f, CDS %.1f, code %.1f, threads %.1f, malloc %.1f; total %.1f (NMT itself %.1f)",
        mb["Java Heap"], mb["Class"] + mb["Metaspace"], mb["Symbol"], mb["Shared class space"], mb["Code"], mb["Thread"],
        malloc, total, mb["Native Memory Tracking"] }' "$1"
}

measure_configuration() {
  local label=$1 flags=$2 env=$3 i out rss=() nmt
  for ((i = 1; i <= RUNS; i++)); do
    measure_once "$flags" "$env"
    out=$MEASURED
    printf '%s\t%s\t%s\n' "$label" "$i" "$out" >>"$MEMORY_RAW"
    rss+=("${out%% *}")
    log "$label, run $i: RSS ${out%% *} MB (rss threads loaded unloaded heap metaspace ready: $out)"
  done
  measure_once "$flags" "$env" "$WORK/nmt.txt"
  nmt=$(nmt_categories "$WORK/nmt.txt")
  # the last run's classes, threads and heap; RSS as median, with every run
  read -r _ threads loaded unloaded heap meta ready <<<"$out"
  printf '| %s | `%s` | **%s MB** (%s) | %s (%s unloaded) | %s | %s MB | %s MB | %s s | %s |\n' "$label" "${flags:-(none)}${env:+ $env}" \
    "$(median "${rss[@]}" | awk '{ printf "%.1f", $1 }')" "${rss[*]}" "$loaded" "$unloaded" "$threads" "$heap" "$meta" "$ready" "$nmt" \
    >>"$MEMORY_TABLE"
}

memory_main() {
  [[ $EUID == 0 ]] || die "run as root: PostgreSQL's initdb and pg_ctl run as the postgres user"
  command -v jcmd >/dev/null || die "jcmd (the JDK's) is needed for classes, heap and NMT"
  install_missing_packages
  ensure_app
  read_checks
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d /tmp/superadmin-memory.XXXXXX)
  mkdir -p "$RESULTS_DIR"
  start_postgres
  load_demo_database
  ((${#} > 0)) || set -- 'image flags|'
  {
    echo "# superadmin-monitor: memory with one target, $AT s after start"
    echo
    echo "Written by \`bench/memory.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), repository at commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_DIR" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)'),"
    echo "the service from \`$APP_DIR\` (built $(date -u -r "$APP_DIR/quarkus-run.jar" '+%Y-%m-%d %H:%M UTC')),"
    echo "$("$JAVA17" -version 2>&1 | sed -n 2p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
    echo "The image's flags (\`src/main/docker/Dockerfile.jvm\`): \`$JAVA_OPTS\`; each configuration adds its own."
    echo "RSS: VmRSS, median of $RUNS runs (each run in brackets); classes, threads, heap and metaspace used: the last"
    echo "run; NMT: committed MB, from one more run with \`-XX:NativeMemoryTracking=summary\`."
    echo
    echo "| configuration | added flags, environment | RSS | classes loaded | threads | heap used | metaspace used | ready | NMT committed (MB) |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|---|"
  } >"$MEMORY_TABLE"
  : >"$MEMORY_RAW"
  local configuration label flags env
  for configuration in "$@"; do
    IFS='|' read -r label flags env <<<"$configuration"
    measure_configuration "$label" "$flags" "$env"
  done
  log "wrote $MEMORY_TABLE and $MEMORY_RAW"
}

[[ ${BASH_SOURCE[0]} != "$0" ]] || { memory_main "$@"; exit; }
