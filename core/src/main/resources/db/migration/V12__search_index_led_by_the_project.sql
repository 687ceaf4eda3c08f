-- The full-text index of observation_search is led by the project alone (V8 led it by team and project).
--
-- A project id is unique across teams (projects.id is the primary key), so the project names the tenant's rows by
-- itself; the team's own entry in the index only made every search intersect one more posting list as long as the
-- team's rows. On 100,000 observations in one project that cost a fifth of the words side of a search (pgbench,
-- 8 clients: 975-995 against 1,213-1,250 tx/s; docs/benchmarks.md). Every search still names the team in its WHERE.
--
-- Writers wait while the new index is built (a plain CREATE INDEX); on a large table build it by hand beforehand
-- with CREATE INDEX CONCURRENTLY under the same name (docs/operations.md), and this migration keeps it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
        CREATE INDEX IF NOT EXISTS observation_search_project_terms_idx
            ON observation_search USING gin (project_id, search_vector);
        DROP INDEX IF EXISTS observation_search_terms_idx;
    END IF;
END
$$;
