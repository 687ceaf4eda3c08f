-- The relay's reconciler looks for jobs that should be on Kafka but may not be (OutboxSql.REPUBLISH_STRANDED).
-- Without statistics (this machine's Postgres runs without autovacuum) its old plan read every queued and
-- processing job each pass: with a backlog of 100k jobs, 400k index entries every 15 s, which cost single-event
-- ingest about a third of its rate until someone ran ANALYZE. These partial indexes let each branch of the
-- query walk only the jobs old enough to be stranded, oldest first, and stop at its limit.
CREATE INDEX generation_jobs_queued_since_idx
    ON generation_jobs ((COALESCE(enqueued_at, created_at))) WHERE status = 'queued';
CREATE INDEX generation_jobs_processing_since_idx
    ON generation_jobs (locked_at) WHERE status = 'processing';
