#!/usr/bin/env bash
# Each app's memory in its own JVM, as its container runs it (issue #16: each app <= 300 MB RSS under load), where
# `engram bench` can only measure the one JVM of the dev stack. Starts `engram broker`, the three apps' exec jars
# with JAVA_TOOL_OPTIONS (APP_JAVA_OPTIONS; default the Dockerfiles' options), drives single events at 64
# connections and batches of 100 at 16 through wrk with claude-mem's scripts (../shared/bench), samples each
# process's RSS every second, and prints each one's peak (VmHWM) and its RSS at the end of the load (and, with
# -XX:NativeMemoryTracking=summary among the options, the JVM's own account in $STATE_DIR/<app>.nmt).
#   ./mvnw -B -q -DskipTests package
#   APP_JAVA_OPTIONS="-Xmx128m ..." SECONDS_PER=30 infra/bench/app-memory.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$root/../shared/bench"
state="${STATE_DIR:-/tmp/engram-app-memory}"
db="${ENGRAM_DB_NAME:-engram_app_memory}"
seconds="${SECONDS_PER:-30}"
opts="${APP_JAVA_OPTIONS:--XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}"
engram() { java -jar "$root/ops-cli/target/engram.jar" "$@"; }
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT

rm -rf "$state"; mkdir -p "$state"
$PG -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER engram"
$PG -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector"
export ENGRAM_DB_NAME="$db" ENGRAM_KAFKA_BOOTSTRAP_SERVERS=localhost:9092

echo "== broker"
java -jar "$root/ops-cli/target/engram.jar" broker --state-dir "$state" > "$state/broker.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null && break; sleep 1; done

start_app() { # name jar health-url
    echo "== $1 (JAVA_TOOL_OPTIONS=$opts)"
    JAVA_TOOL_OPTIONS="$opts" java -jar "$2" > "$state/$1.out" 2>&1 &
    pids+=($!)
    echo "$!" > "$state/$1.pid"
    for _ in $(seq 1 180); do curl -fsS "$3" >/dev/null 2>&1 && return 0; sleep 1; done
    echo "$1 did not become ready; see $state/$1.out" >&2
    exit 1
}
start_app ingest-api "$(ls "$root"/ingest-api/target/engram-ingest-api-*-exec.jar)" \
    http://127.0.0.1:8080/actuator/health/readiness
start_app generation-processor "$(ls "$root"/generation-processor/target/engram-generation-processor-*-exec.jar)" \
    http://127.0.0.1:8081/actuator/health
start_app summary-processor "$(ls "$root"/summary-processor/target/engram-summary-processor-*-exec.jar)" \
    http://127.0.0.1:8082/actuator/health

key=$(engram keys create --team bench --project bench --scopes 'memories:read,memories:write' | grep -o 'cm_[0-9a-f]*' | head -1)
export CM_KEY="$key" CM_PROJECT=bench

sample() { # until the file "$state/stop" exists: name peak-so-far per line
    while [ ! -e "$state/stop" ]; do
        for app in ingest-api generation-processor summary-processor; do
            awk '/VmRSS/ {print $2}' "/proc/$(cat "$state/$app.pid")/status" >> "$state/$app.rss" 2>/dev/null || true
        done
        sleep 1
    done
}
sample &
sampler=$!

echo "== load: single events, 64 connections, ${seconds}s (warm-up), then again measured"
wrk -t2 -c64 -d"${seconds}s" -s "$shared/events.lua" http://127.0.0.1:8080/v1/events > /dev/null
wrk -t2 -c64 -d"${seconds}s" --latency -s "$shared/events.lua" http://127.0.0.1:8080/v1/events \
    | grep -E "Requests/sec| 99%"
echo "== load: batches of 100, 16 connections, ${seconds}s"
CM_BATCH=100 wrk -t2 -c16 -d"${seconds}s" --latency -s "$shared/batch.lua" http://127.0.0.1:8080/v1/events/batch \
    | grep -E "Requests/sec| 99%"
touch "$state/stop"; wait "$sampler" 2>/dev/null || true

echo "== memory (MB): app, peak RSS (VmHWM), highest sampled RSS, RSS now"
total=0
for app in ingest-api generation-processor summary-processor; do
    pid=$(cat "$state/$app.pid")
    hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
    top=$(sort -n "$state/$app.rss" | tail -1 | awk '{print int($1 / 1024)}')
    now=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    printf '%-22s %6s %6s %6s\n' "$app" "$hwm" "$top" "$now"
    # with -XX:NativeMemoryTracking=summary in APP_JAVA_OPTIONS: where the JVM's own memory went
    jcmd "$pid" VM.native_memory summary > "$state/$app.nmt" 2>/dev/null || true
    total=$((total + hwm))
done
broker_hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/${pids[0]}/status")
printf '%-22s %6s\n' "broker" "$broker_hwm"
echo "all four, peak: $((total + broker_hwm)) MB"
