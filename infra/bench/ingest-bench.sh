#!/usr/bin/env bash
# Engram ingest throughput as ratios against baselines measured in the same run (see
# /work/shared/bench/README.md and docs/benchmarks.md).
#
# Usage: infra/bench/ingest-bench.sh
#   Env (all optional):
#     ENGRAM_JAR   jar to run (default /tmp/engram-bench.jar; copy ops-cli/target/engram.jar there first,
#                  so a rebuild during the run does not change it)
#     BENCH_DIR    the shared baseline scripts (default /work/shared/bench)
#     DURATION     seconds of each measured run (default 30); WARMUP seconds of the warm-up (default 15)
#     CLAUDE_MEM   1 (default) also drives claude-mem's server via claude-mem-up.sh; 0 skips it
#     SHARED_PGBENCH 1 (default) also runs the shared pgbench-ingest.sh on its own (non-Engram) schema
#     PGBENCH      1 (default) runs pgbench on Engram's own schema (the physical limit); 0 skips it
#     PIPELINE     1 (default) also measures the whole pipeline (processors in the same JVM); 0 skips it
#     OUT_DIR      where raw outputs go (default /tmp/engram-bench-<time>)
#     JAVA_OPTS    extra JVM options for `engram dev` (default none)
#     MAX_DRAIN    seconds to wait, before each Engram run, for the job backlog of earlier runs to drain
#                  (default 60; the backlog left is reported either way)
# Needs: pgbench/psql (Postgres 15 on 127.0.0.1:5432, role postgres without password, role engram),
#        wrk (apt-get install -y wrk), java 17+, and for claude-mem: node/npm and Redis on 6379.
# Databases it creates and drops again: engram_bench_pg (pgbench on Engram's schema), engram_bench
# (Engram's server), pglimit (shared script), cmbase (claude-mem). Ports: 18080, 19092, 19093, 37877.
# Before each measured run it waits (30 s polls, up to 10 min) until no foreign java/mvn process uses CPU,
# and records the foreign java/mvn CPU seen during the run (column `disturb`: max %CPU, 0 = undisturbed).
set -euo pipefail

JAR=${ENGRAM_JAR:-/tmp/engram-bench.jar}
BENCH=${BENCH_DIR:-/work/shared/bench}
DUR=${DURATION:-30}
WARM=${WARMUP:-15}
CLAUDE_MEM=${CLAUDE_MEM:-1}
SHARED_PGBENCH=${SHARED_PGBENCH:-1}
MAX_DRAIN=${MAX_DRAIN:-60}
OUT=${OUT_DIR:-/tmp/engram-bench-$(date +%Y%m%d-%H%M%S)}
PORT=18080; KPORT=19092; KCPORT=19093
PG_DB=engram_bench_pg; APP_DB=engram_bench
STATE=/tmp/engram-bench-state
PSQL=(psql -qAtX -h 127.0.0.1 -U postgres)
BATCH=${CM_BATCH:-100}
export CM_BATCH=$BATCH
mkdir -p "$OUT"
RES=$OUT/results.tsv
printf 'system\tload\tconns\trate\tevents_per_s\tp50\tp99\tnon2xx\tsock_err\trows_added\trss_mb\tcpu_pct\tdisturb\n' > "$RES"
ENGRAM_PID=0; CM_PID=0; MON_PID=0

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cleanup() {
  [ "$MON_PID" != 0 ] && kill "$MON_PID" 2>/dev/null || true
  if [ "$ENGRAM_PID" != 0 ] && kill -0 "$ENGRAM_PID" 2>/dev/null; then kill "$ENGRAM_PID" 2>/dev/null || true; fi
  if [ "$CM_PID" != 0 ] && kill -0 "$CM_PID" 2>/dev/null; then kill "$CM_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# --- disturbance: %CPU of java/mvn processes that are not ours (second top sample, 1 s apart) -------------
foreign_cpu() {
  top -bn2 -d1 -w 512 | awk -v self="$ENGRAM_PID" '
    /^top -/ {blk++}
    blk == 2 && $1 ~ /^[0-9]+$/ && ($12 == "java" || $12 ~ /^mvn/) && $1 != self {s += $9}
    END {printf "%d\n", s}'
}
wait_quiet() {
  local i
  for i in $(seq 1 21); do
    local c; c=$(foreign_cpu)
    [ "$c" -lt 5 ] && return 0
    [ "$i" = 21 ] && { log "still ${c}% foreign java/mvn CPU after 10 min; measuring anyway (disturbed)"; return 0; }
    log "foreign java/mvn processes use ${c}% CPU; waiting 30 s"; uptime >&2; sleep 30
  done
}
# Background monitor during a run: max foreign java/mvn CPU, max RSS (kB) of $1 (0 = none).
monitor_start() {
  local pid=$1; : > "$OUT/mon.cpu"; : > "$OUT/mon.rss"
  ( while :; do
      foreign_cpu >> "$OUT/mon.cpu"
      [ "$pid" != 0 ] && ps -o rss= -p "$pid" >> "$OUT/mon.rss" 2>/dev/null
      sleep 2
    done ) &
  MON_PID=$!
}
monitor_stop() {  # prints "<max foreign cpu> <max rss MB>"
  kill "$MON_PID" 2>/dev/null || true; wait "$MON_PID" 2>/dev/null || true; MON_PID=0
  local c r
  c=$(sort -n "$OUT/mon.cpu" | tail -1); r=$(sort -n "$OUT/mon.rss" | tail -1)
  echo "${c:-0} $(( ${r:-0} / 1024 ))"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime+stime of a pid

# --- pgbench ------------------------------------------------------------------------------------------------
# record SYSTEM LOAD CONNS RATE EVENTS_PER_S P50 P99 NON2XX SOCKERR ROWS RSS CPU DISTURB
record() { local IFS=$'\t'; echo "$*" >> "$RES"; }

run_pgbench() {  # NAME CLIENTS SCRIPT EVENTS_PER_TX [extra pgbench args...]
  local name=$1 c=$2 script=$3 per=$4; shift 4
  "${PSQL[@]}" -d "$PG_DB" -c ANALYZE
  wait_quiet; monitor_start 0
  pgbench -h 127.0.0.1 -U postgres -n -c "$c" -j 2 -T "$DUR" -M prepared -f "$script" "$@" "$PG_DB" \
    > "$OUT/pgbench-$name.txt" 2>&1 || { log "pgbench $name failed:"; tail -5 "$OUT/pgbench-$name.txt" >&2; }
  read -r dist _ < <(monitor_stop)
  local tps lat
  tps=$(awk '/^tps = /{print $3; exit}' "$OUT/pgbench-$name.txt")
  lat=$(awk '/latency average/{print $4; exit}' "$OUT/pgbench-$name.txt")
  log "pgbench $name: ${tps:-?} tx/s, avg latency ${lat:-?} ms (foreign CPU max ${dist}%)"
  record pgbench "$name" "$c" "${tps:-0}" "$(awk -v t="${tps:-0}" -v b="$per" 'BEGIN{printf "%.0f", t*b}')" \
    "avg ${lat:-?}" - - - - - - "$dist"
}

write_pg_scripts() {  # KEYHASH KEYID: pgbench scripts doing the statements Engram's ingest path runs
  local keyhash=$1 keyid=$2
  # The job payload as JobPayloadCodec writes it (same fields and size; values vary per event).
  job_payload() {  # JOB_ID_SQL_EXPR
    echo "('{\"kind\": \"event\", \"team_id\": \"bench\", \"version\": 1, \"actor_id\": \"engram-cli\", \"source_id\": \"' || :ev_id::text || '\", \"api_key_id\": \"$keyid\", \"project_id\": \"bench\", \"request_id\": \"' || :client_id::text || '-' || :n::text || '\", \"source_type\": \"agent_event\", \"agent_event_id\": \"' || :ev_id::text || '\", \"source_adapter\": \"hook\", \"generation_job_id\": \"' || $1 || '\"}')::jsonb"
  }
  ev_insert() {  # AgentEventRepository.INSERT (server session resolved from contentSessionId, none exists)
    cat <<SQL
INSERT INTO agent_events (id, team_id, project_id, server_session_id, content_session_id, memory_session_id, source_adapter, source_event_id, event_type, platform_source, payload, metadata, idempotency_key, occurred_at, received_at) VALUES (uuid_v7(), 'bench', 'bench', COALESCE(NULL::uuid, (SELECT s.id FROM sessions s WHERE s.team_id = 'bench' AND s.project_id = 'bench' AND s.content_session_id = 'wrk-s' || :client_id::text AND (NULL::text IS NULL OR s.platform_source = NULL::text) ORDER BY s.created_at DESC LIMIT 1)), 'wrk-s' || :client_id::text, NULL, 'hook', NULL, 'tool_use', NULL, ('{"tool_name": "Read", "tool_input": {"file_path": "src/f' || :client_id::text || '_' || :n::text || '_$1.ts"}, "tool_response": "ok ' || :n::text || '"}')::jsonb, '{}'::jsonb, encode(sha256(convert_to(:client_id::text || ':' || :n::text || ':$1:' || clock_timestamp()::text, 'UTF8')), 'hex'), now(), now()) ON CONFLICT (team_id, project_id, idempotency_key) DO NOTHING RETURNING id, team_id, project_id, source_adapter, event_type, occurred_at, received_at, created_at, payload, metadata \gset ev_
SQL
  }
  job_inserts() {  # GenerationJobRepository.INSERT + APPEND_EVENT, OutboxWriter.INSERT
    local jid="'evt_' || encode(sha256(convert_to('bench|bench|agent_event|' || :ev_id::text, 'UTF8')), 'hex')"
    cat <<SQL
INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id, server_session_id, job_type, lane, payload) SELECT j.id, 'bench', 'bench', 'agent_event', :ev_id::text, :ev_id::uuid, NULL, 'event', 'event', $(job_payload j.id) FROM (SELECT $jid AS id) j ON CONFLICT DO NOTHING RETURNING id, team_id, project_id, source_type, source_id, job_type, status, attempts, max_attempts, created_at, updated_at \gset job_
INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details) VALUES (:job_id, :job_team_id, :job_project_id, 'queued', :job_status, :job_attempts::int, '{}'::jsonb);
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tracingspancontext, available_at) VALUES (uuid_v7(), 'event', :job_id, 'event', $(job_payload :job_id::text), NULL, NULL);
SQL
  }
  # Statements of the request around the transaction: key lookup, project check (before), audit row (after).
  local pre="SELECT id::text AS id, team_id, project_id, actor_id, scopes FROM api_keys WHERE key_hash = '$keyhash' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) \\gset key_
SELECT COALESCE(generation_policy, '') AS policy FROM projects WHERE id = 'bench' AND team_id = 'bench' \\gset prj_"
  local audit1="INSERT INTO audit_log (team_id, project_id, actor_id, api_key_id, action, resource_type, resource_id, request_id, details) VALUES (:key_team_id, 'bench', :key_actor_id, :key_id::uuid, 'event.received', 'agent_event', :ev_id::text, :client_id::text || '-' || :n::text, ('{\"eventType\": \"tool_use\", \"generationJobId\": \"' || :job_id::text || '\", \"requestId\": \"' || :client_id::text || '-' || :n::text || '\"}')::jsonb);"
  local auditb="INSERT INTO audit_log (team_id, project_id, actor_id, api_key_id, action, resource_type, resource_id, request_id, details) VALUES (:key_team_id, NULL, :key_actor_id, :key_id::uuid, 'event.batch_received', 'agent_event_batch', :client_id::text || '-' || :n::text, :client_id::text || '-' || :n::text, ('{\"count\": $BATCH, \"requestId\": \"' || :client_id::text || '-' || :n::text || '\"}')::jsonb);"
  local i
  { echo '\set n random(1, 2000000000)'; echo 'BEGIN;'; ev_insert 0; job_inserts; echo 'COMMIT;'; } > "$OUT/tx-event.sql"
  { echo '\set n random(1, 2000000000)'; echo "$pre"; echo 'BEGIN;'; ev_insert 0; job_inserts; echo 'COMMIT;'; echo "$audit1"; } > "$OUT/req-event.sql"
  { echo '\set n random(1, 2000000000)'; echo 'BEGIN;'; ev_insert 0; echo 'COMMIT;'; } > "$OUT/tx-event-nogen.sql"
  { echo '\set n random(1, 2000000000)'; echo 'BEGIN;'; for i in $(seq 1 "$BATCH"); do ev_insert "$i"; job_inserts; done; echo 'COMMIT;'; } > "$OUT/tx-batch.sql"
  { echo '\set n random(1, 2000000000)'; echo "$pre"; echo 'BEGIN;'; for i in $(seq 1 "$BATCH"); do ev_insert "$i"; job_inserts; done; echo 'COMMIT;'; echo "$auditb"; } > "$OUT/req-batch.sql"
  { echo '\set n random(1, 2000000000)'; echo 'BEGIN;'; for i in $(seq 1 "$BATCH"); do ev_insert "$i"; done; echo 'COMMIT;'; } > "$OUT/tx-batch-nogen.sql"
}

fresh_engram_db() {  # DB: create, migrate with Engram's migrations, team+project bench; prints the key
  "${PSQL[@]}" -c "SET client_min_messages=warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER engram" >/dev/null
  java -jar "$JAR" keys create --team bench --project bench --scopes '*' --db-name "$1" > "$OUT/keys-$1.txt" 2>&1
  awk '/^API key:/{print $3; exit}' "$OUT/keys-$1.txt"
}

# --- HTTP load ---------------------------------------------------------------------------------------------
count_events() { "${PSQL[@]}" -d "$1" -c "SELECT count(*) FROM agent_events"; }

run_wrk() {  # SYSTEM NAME CONNS LUA URL DB PID MEASURED(1|0)
  local sys=$1 name=$2 c=$3 lua=$4 url=$5 db=$6 pid=$7 measured=$8 d=$DUR
  [ "$measured" = 1 ] || d=$WARM
  if [ "$measured" = 1 ]; then "${PSQL[@]}" -d "$db" -c ANALYZE; wait_quiet; fi
  local before after t0 t1
  before=$(count_events "$db"); t0=$(cpu_ticks "$pid")
  monitor_start "$pid"
  CM_KEY=$KEY CM_PROJECT=$PROJECT wrk -t2 -c"$c" -d"${d}s" --latency -s "$BENCH/$lua" "$url" > "$OUT/wrk-$sys-$name.txt" 2>&1 || true
  read -r dist rss < <(monitor_stop)
  t1=$(cpu_ticks "$pid"); sleep 1; after=$(count_events "$db")
  local f=$OUT/wrk-$sys-$name.txt rps p50 p99 non2xx sock per=1
  [ "$lua" = batch.lua ] && per=$BATCH
  rps=$(awk '/^Requests\/sec:/{print $2}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f"); p99=$(awk '$1 == "99%" {print $2}' "$f")
  non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$f"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors:/{gsub(",", ""); print "connect " $4 " read " $6 " write " $8 " timeout " $10}' "$f"); sock=${sock:-none}
  local cpu; cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" -v d="$d" 'BEGIN{printf "%.0f", (b-a)/hz/d*100}')
  log "$sys $name: ${rps:-?} req/s, p50 ${p50:-?}, p99 ${p99:-?}, non-2xx $non2xx, socket errors $sock, rows +$((after-before)), RSS max ${rss} MB, server CPU ${cpu}% (foreign CPU max ${dist}%)$([ "$measured" = 1 ] || echo ' [warm-up, not recorded]')"
  [ "$measured" = 1 ] && record "$sys" "$name" "$c" "${rps:-0}" "$(awk -v r="${rps:-0}" -v b="$per" 'BEGIN{printf "%.0f", r*b}')" \
    "${p50:--}" "${p99:--}" "$non2xx" "$sock" "$((after-before))" "$rss" "$cpu" "$dist"
  return 0
}

backlog() { "${PSQL[@]}" -d "$APP_DB" -c "SELECT (SELECT count(*) FROM generation_jobs WHERE status IN ('queued','processing')) || ' jobs unfinished, ' || (SELECT count(*) FROM outbox WHERE published_at IS NULL) || ' outbox rows unpublished'"; }
drain() {  # wait up to MAX_DRAIN s for the pipeline to finish earlier runs' jobs
  local i
  for i in $(seq 1 "$MAX_DRAIN"); do
    [ "$("${PSQL[@]}" -d "$APP_DB" -c "SELECT count(*) FROM generation_jobs WHERE status IN ('queued','processing')")" = 0 ] && break
    sleep 1
  done
  log "before run: $(backlog)"
}

load_suite() {  # SYSTEM BASE DB PID
  local sys=$1 base=$2 db=$3 pid=$4 drainf=:
  [ "$sys" = engram ] && drainf=drain
  $drainf; run_wrk "$sys" events 64 events.lua "$base/v1/events" "$db" "$pid" 1
  $drainf; run_wrk "$sys" events-nogen 64 events.lua "$base/v1/events?generate=false" "$db" "$pid" 1
  $drainf; run_wrk "$sys" batch 16 batch.lua "$base/v1/events/batch" "$db" "$pid" 1
  $drainf; run_wrk "$sys" batch-nogen 16 batch.lua "$base/v1/events/batch?generate=false" "$db" "$pid" 1
}

# ============================================================================================================
log "output in $OUT; jar $JAR ($(stat -c '%y' "$JAR" | cut -d. -f1)); $(nproc) cores; $(uptime)"
[ -f "$JAR" ] || { echo "no jar at $JAR" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
log "postgres: $("${PSQL[@]}" -c 'SHOW server_version'), autovacuum=$("${PSQL[@]}" -c 'SHOW autovacuum'), synchronous_commit=$("${PSQL[@]}" -c 'SHOW synchronous_commit'), fsync=$("${PSQL[@]}" -c 'SHOW fsync')"

# 1. pgbench baselines -------------------------------------------------------------------------------------
if [ "$SHARED_PGBENCH" = 1 ]; then
  for args in "64 1" "16 $BATCH"; do
    set -- $args; wait_quiet; monitor_start 0
    "$BENCH/pgbench-ingest.sh" "$1" "$DUR" "$2" > "$OUT/pgbench-shared-$2.txt" 2>&1 || true
    read -r dist _ < <(monitor_stop)
    tps=$(awk '/^tps = /{print $3; exit}' "$OUT/pgbench-shared-$2.txt")
    log "pgbench shared schema, batch $2: ${tps:-?} tx/s (foreign CPU max ${dist}%)"
    record pgbench-shared "$([ "$2" = 1 ] && echo event || echo batch)" "$1" "${tps:-0}" \
      "$(awk -v t="${tps:-0}" -v b="$2" 'BEGIN{printf "%.0f", t*b}')" - - - - - - - "$dist"
  done
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS pglimit"
fi

if [ "${PGBENCH:-1}" = 1 ]; then
fresh_engram_db "$PG_DB" >/dev/null
keyhash=$("${PSQL[@]}" -d "$PG_DB" -c "SELECT key_hash FROM api_keys LIMIT 1")
keyid=$("${PSQL[@]}" -d "$PG_DB" -c "SELECT id FROM api_keys LIMIT 1")
write_pg_scripts "$keyhash" "$keyid"
# unmeasured warm-up so ANALYZE sees filled tables (autovacuum is off on this machine)
pgbench -h 127.0.0.1 -U postgres -n -c 16 -j 2 -T 5 -M prepared -f "$OUT/req-event.sql" "$PG_DB" > "$OUT/pgbench-warmup.txt" 2>&1
run_pgbench tx-event 64 "$OUT/tx-event.sql" 1
run_pgbench req-event 64 "$OUT/req-event.sql" 1
run_pgbench tx-event-nogen 64 "$OUT/tx-event-nogen.sql" 1
run_pgbench tx-batch 16 "$OUT/tx-batch.sql" "$BATCH"
run_pgbench req-batch 16 "$OUT/req-batch.sql" "$BATCH"
run_pgbench tx-batch-nogen 16 "$OUT/tx-batch-nogen.sql" "$BATCH"
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB"
fi

# 2. Engram ------------------------------------------------------------------------------------------------
# Twice: `engram-ingest` is the ingest API and its relay alone (engram dev --no-processors), like for like
# with claude-mem's server, whose generation is disabled (its jobs wait in Redis); `engram` is the whole
# pipeline in one JVM, the processors turning every event into an observation on the same two cores.
run_engram() {  # SYSTEM [dev options...]
  local sys=$1; shift
  "${PSQL[@]}" -c "SET client_min_messages=warning" -c "DROP DATABASE IF EXISTS $APP_DB" -c "CREATE DATABASE $APP_DB OWNER engram" >/dev/null
  rm -rf "$STATE"; mkdir -p "$STATE"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar "$JAR" dev --port "$PORT" --kafka-port "$KPORT" --kafka-controller-port "$KCPORT" \
    --db-name "$APP_DB" --state-dir "$STATE" "$@" > "$OUT/$sys.log" 2>&1 &
  ENGRAM_PID=$!
  for _ in $(seq 1 180); do
    grep -q 'API key:' "$OUT/$sys.log" && break
    kill -0 "$ENGRAM_PID" 2>/dev/null || { echo "engram dev exited; see $OUT/$sys.log" >&2; tail -20 "$OUT/$sys.log" >&2; exit 1; }
    sleep 1
  done
  KEY=$(grep -m1 'API key:' "$OUT/$sys.log" | sed 's/.*API key: *//; s/[[:space:]].*//')
  [ -n "$KEY" ] || { echo "no API key in $OUT/$sys.log" >&2; exit 1; }
  PROJECT=dev; BASE=http://127.0.0.1:$PORT
  log "$sys: engram dev $* up (pid $ENGRAM_PID), key ${KEY:0:10}..., project $PROJECT"
  run_wrk "$sys" warmup-events 64 events.lua "$BASE/v1/events" "$APP_DB" "$ENGRAM_PID" 0
  run_wrk "$sys" warmup-batch 16 batch.lua "$BASE/v1/events/batch" "$APP_DB" "$ENGRAM_PID" 0
  load_suite "$sys" "$BASE" "$APP_DB" "$ENGRAM_PID"
  log "$sys after the last run: $(backlog)"
  "${PSQL[@]}" -d "$APP_DB" -c "SELECT '$sys observations stored: ' || count(*) FROM observations" >&2 || true
  kill "$ENGRAM_PID"; for _ in $(seq 1 30); do kill -0 "$ENGRAM_PID" 2>/dev/null || break; sleep 1; done
  kill -0 "$ENGRAM_PID" 2>/dev/null && kill -9 "$ENGRAM_PID"
  wait "$ENGRAM_PID" 2>/dev/null || true; ENGRAM_PID=0
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $APP_DB WITH (FORCE)"
}
run_engram engram-ingest --no-processors
[ "${PIPELINE:-1}" = 1 ] && run_engram engram

# 3. claude-mem (optional) -----------------------------------------------------------------------------------
if [ "$CLAUDE_MEM" = 1 ]; then
  redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes >/dev/null
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cmbase WITH (FORCE)"; redis-cli -n 5 flushdb >/dev/null
  if up=$("$BENCH/claude-mem-up.sh" 2> "$OUT/claude-mem-up.log"); then
    eval "$up"; CM_PID=$(cat /tmp/cmbase/server.pid); KEY=$KEY; PROJECT=$PROJECT
    log "claude-mem up (pid $CM_PID) on $BASE"
    run_wrk claude-mem warmup-events 64 events.lua "$BASE/v1/events" cmbase "$CM_PID" 0
    run_wrk claude-mem warmup-batch 16 batch.lua "$BASE/v1/events/batch" cmbase "$CM_PID" 0
    load_suite claude-mem "$BASE" cmbase "$CM_PID"
    kill "$CM_PID" 2>/dev/null || true; sleep 2; CM_PID=0
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cmbase WITH (FORCE)"; redis-cli -n 5 flushdb >/dev/null
  else
    log "claude-mem did not come up (see $OUT/claude-mem-up.log); skipped"
  fi
fi

# 4. table ----------------------------------------------------------------------------------------------------
echo
echo "Raw results: $RES"
awk -F'\t' -v dur="$DUR" '
  NR == 1 {next}
  $1 ~ /^pgbench/ {pg[$1 "/" $2] = $5; order[++m] = $1 "/" $2; next}
  {k = $1 "/" $2; eps[k] = $5; line[++n] = k; row[k] = $0}
  function ratio(a, b) { return (b != "" && b > 0) ? sprintf("%.3f", a / b) : "-" }
  function get(k) { return (k in pg) ? pg[k] : "" }
  END {
    printf "%-13s %-12s %5s %8s %8s %9s %9s %9s %6s %6s %5s %7s %7s %7s %7s %7s\n", "system", "load", "conns", "req/s",
      "events/s", "stored/s", "p50", "p99", "non2xx", "RSS_MB", "CPU%", "disturb", "/pg_tx", "/pg_req", "/shared", "/cm"
    for (i = 1; i <= n; i++) {
      k = line[i]; split(row[k], f, "\t"); load = f[2]
      pl = load; sub(/^events/, "event", pl); base = pl; sub(/-nogen$/, "", base)
      cm = (f[1] ~ /^engram/ && ("claude-mem/" load) in eps) ? eps["claude-mem/" load] : ""
      printf "%-13s %-12s %5s %8.0f %8s %9.0f %9s %9s %6s %6s %5s %7s %7s %7s %7s %7s\n", f[1], load, f[3], f[4], f[5], f[10] / dur,
        f[6], f[7], f[8], f[11], f[12], f[13], ratio(f[5], get("pgbench/tx-" pl)), ratio(f[5], get("pgbench/req-" pl)),
        (pl ~ /nogen/ ? "-" : ratio(f[5], get("pgbench-shared/" base))), ratio(f[5], cm)
    }
    print ""
    for (i = 1; i <= m; i++) printf "baseline %-26s %9.0f events/s\n", order[i], pg[order[i]]
  }' "$RES" | tee "$OUT/table.txt"
