#!/usr/bin/env bash
# Search and context benchmark, Engram against claude-mem in one run on this machine (see docs/benchmarks.md).
# Needs: claude-mem up (eval "$(../shared/bench/claude-mem-up.sh)" gives KEY, PROJECT, BASE), an Engram
# dev stack up (ENGRAM_BASE, ENGRAM_KEY, ENGRAM_DB; team and project "dev"), wrk.
#   BENCH_N=100000 BENCH_SECONDS=20 BENCH_CONNECTIONS=8 BENCH_WARMUP=60 infra/bench/search-bench.sh load|copy-embeddings|run
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
N="${BENCH_N:-100000}"; SECONDS_PER="${BENCH_SECONDS:-20}"; C="${BENCH_CONNECTIONS:-8}"
# Warm-up per route, seconds: a freshly started JVM on two shared cores is still compiling after a minute (a 20 s
# warm-up measured Engram at two thirds of its warm rate).
WARMUP="${BENCH_WARMUP:-60}"
# The data and the questions: observations.sql (ten subsystems; the default) or observations-varied.sql with
# BENCH_QUERIES=infra/bench/questions-varied.txt (a real project's variety of words).
FIXTURE="${BENCH_FIXTURE:-$here/observations.sql}"
export BENCH_QUERIES="${BENCH_QUERIES:-}"
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
CM_DB="${CM_DB:-cmbase}"; ENGRAM_DB="${ENGRAM_DB:-engram_search_bench}"

load() {
    local cm_team
    cm_team=$($PG -d "$CM_DB" -tAc "SELECT team_id FROM projects WHERE id = '$PROJECT'")
    $PG -d "$ENGRAM_DB" -v team=dev -v project=dev -v n="$N" -f "$FIXTURE"
    # claude-mem's rows: text ids of its own, no job rows behind them.
    sed -e 's/INSERT INTO observations (team_id,/INSERT INTO observations (id, team_id,/' \
        -e "s/^SELECT :'team',/SELECT gen_random_uuid()::text, :'team',/" \
        -e "s/'evt_bench_' || (g \/ 8)/NULL/" "$FIXTURE" \
        | $PG -d "$CM_DB" -v team="$cm_team" -v project="$PROJECT" -v n="$N" -f -
    # autovacuum is off on this machine: vacuum both (visibility map, no dead rows) as autovacuum would
    $PG -d "$ENGRAM_DB" -c "VACUUM ANALYZE"
    $PG -d "$CM_DB" -c "VACUUM ANALYZE"
    echo "loaded $N observations into each"
}

copy_embeddings() {
    # Keeps the load short: once the processors' backfill has embedded some thousands of rows with the model, the
    # rest get the embedding of a computed row of the same type about the same component, with ±0.01 noise.
    $PG -d "$ENGRAM_DB" <<'SQL'
WITH keyed AS (
    SELECT e.observation_id, e.embedding,
           o.kind || ' ' || split_part(split_part(o.content, E'\n\n', 2), ' ', 2) || ' '
               || split_part(split_part(o.content, E'\n\n', 2), ' ', 3) AS k
      FROM observation_embeddings e JOIN observations o ON o.id = e.observation_id
), src AS (
    SELECT DISTINCT ON (k) k, embedding FROM keyed WHERE embedding IS NOT NULL ORDER BY k
)
UPDATE observation_embeddings e
   SET embedding = (SELECT ARRAY(SELECT v + (random() - 0.5) * 0.02 FROM unnest(src.embedding::real[]) v))::vector
  FROM keyed, src
 WHERE keyed.observation_id = e.observation_id AND e.embedding IS NULL AND src.k = keyed.k;
SQL
    $PG -d "$ENGRAM_DB" -tAc "SELECT count(*) FILTER (WHERE embedding IS NULL) || ' rows still without an embedding' FROM observation_embeddings"
    $PG -d "$ENGRAM_DB" -c "VACUUM ANALYZE"
}

measure() { # name key base project extra path
    echo "== $1"
    BENCH_KEY="$2" BENCH_PROJECT="$4" BENCH_EXTRA="$5" wrk -t2 -c"$C" -d"${SECONDS_PER}s" --latency \
        -s "$here/search.lua" "$3$6" | grep -E "Requests/sec|Non-2xx|Socket errors| 50%| 99%"
}

run() {
    # warm both up first (JIT, caches, plans), every route that is measured
    local route extra
    for route in /v1/search /v1/context; do
        BENCH_KEY="$KEY" BENCH_PROJECT="$PROJECT" BENCH_EXTRA="" wrk -t2 -c"$C" -d"${WARMUP}s" -s "$here/search.lua" "$BASE$route" >/dev/null
    done
    for extra in ',"mode":"fulltext"' ',"mode":"fulltext","match":"any"' ''; do
        BENCH_KEY="$ENGRAM_KEY" BENCH_PROJECT=dev BENCH_EXTRA="$extra" wrk -t2 -c"$C" -d"${WARMUP}s" -s "$here/search.lua" "$ENGRAM_BASE/v1/search" >/dev/null
    done
    for extra in '' ',"mode":"fulltext"'; do
        BENCH_KEY="$ENGRAM_KEY" BENCH_PROJECT=dev BENCH_EXTRA="$extra" wrk -t2 -c"$C" -d"${WARMUP}s" -s "$here/search.lua" "$ENGRAM_BASE/v1/context" >/dev/null
    done
    measure "claude-mem search (full-text, AND)" "$KEY" "$BASE" "$PROJECT" "" /v1/search
    measure "engram search fulltext (match all, as claude-mem)" "$ENGRAM_KEY" "$ENGRAM_BASE" dev ',"mode":"fulltext"' /v1/search
    measure "engram search fulltext (match any)" "$ENGRAM_KEY" "$ENGRAM_BASE" dev ',"mode":"fulltext","match":"any"' /v1/search
    measure "engram search hybrid" "$ENGRAM_KEY" "$ENGRAM_BASE" dev '' /v1/search
    measure "claude-mem context" "$KEY" "$BASE" "$PROJECT" "" /v1/context
    measure "engram context" "$ENGRAM_KEY" "$ENGRAM_BASE" dev '' /v1/context
    measure "engram context, timeline full-text (as claude-mem's)" "$ENGRAM_KEY" "$ENGRAM_BASE" dev ',"mode":"fulltext"' /v1/context
}

case "${1:-run}" in
    load) load ;;
    copy-embeddings) copy_embeddings ;;
    run) run ;;
    *) echo "usage: $0 load|copy-embeddings|run" >&2; exit 2 ;;
esac
