-- Postgres serializes the commits of every transaction that sent a NOTIFY behind one global lock, so the
-- NOTIFY that each ingest commit (outbox_notify) and each finished job (generation_job_finished_notify) sent
-- capped ingest and processor throughput. The relay is now woken in-process by the commits of its own
-- instance (other instances send one coalesced NOTIFY outside their commits), and ?wait=true requests poll
-- the jobs they wait on with one query for all of them.
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
DROP FUNCTION IF EXISTS outbox_notify();
DROP TRIGGER IF EXISTS generation_job_finished_notify ON generation_jobs;
DROP FUNCTION IF EXISTS generation_job_finished_notify();
