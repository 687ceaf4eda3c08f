-- The outbox rows of a job are found through an index of every row by job (aggregateid), no longer through one
-- partial on the unpublished rows.
--
-- Four statements ask, per job, whether it has an outbox row not published yet (or not due yet): a processor's
-- claim, the health reading of ready jobs and the reconciler's two branches. With their condition on
-- published_at IS NULL, two partial indexes served them: this one by job, and outbox_unpublished_idx by seq, with the
-- job as a filter. Once statistics were taken while nothing was unpublished (ANALYZE after the relay caught up; this
-- machine runs without autovacuum) Postgres believed both indexes empty, costed them alike and took the second: every
-- probe then read the whole index by seq, with the entries of rows published since (they stay until a vacuum), and
-- their rows. The health reading of 10,000 ready jobs took 354 s beside 290,000 queued jobs (35 ms a probe) and held
-- a core the whole time (docs/benchmarks.md, 2026-12-07). The statements now
-- look the job's rows up behind an OFFSET 0 fence and test published_at outside it, so only an index on the job
-- alone serves them. It costs the relay's mark one index entry per row: the published version of a row is now indexed
-- too (it was not in the partial index).
--
-- Writers wait while the new index is built (a plain CREATE INDEX); on a large outbox build it by hand beforehand
-- with CREATE INDEX CONCURRENTLY under the same name (docs/operations.md), and this migration keeps it.
CREATE INDEX IF NOT EXISTS outbox_job_idx ON outbox (aggregateid);
DROP INDEX IF EXISTS outbox_aggregate_idx;
