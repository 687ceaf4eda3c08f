-- 100,000 observations for the search benchmarks with a coding project's variety of words: fifty areas of an
-- application, twenty kinds of component, forty problems and thirty fixes, each observation about one component of
-- one area (and the file it touched), as the rules provider writes them. Where observations.sql's ten subsystems
-- make a two-word question match a tenth of the project, here it matches tens to hundreds of rows, as in a real one.
-- psql -v team=... -v project=... -v n=100000 -f observations-varied.sql
WITH area(i, name) AS (
    SELECT i - 1, name FROM unnest(ARRAY[
        'billing', 'auth', 'search', 'deploy', 'database', 'ci', 'docs', 'cache', 'logging', 'retry',
        'payments', 'shipping', 'inventory', 'notifications', 'email', 'scheduler', 'reports', 'export', 'import',
        'upload', 'metrics', 'tracing', 'gateway', 'session', 'profile', 'checkout', 'cart', 'pricing', 'tax',
        'refunds', 'webhooks', 'queue', 'worker', 'storage', 'backup', 'migration', 'config', 'flags', 'audit',
        'permissions', 'onboarding', 'indexer', 'recommendations', 'analytics', 'portal', 'admin', 'mobile',
        'graphql', 'websocket', 'ratelimit']) WITH ORDINALITY AS a(name, i)),
component(i, name) AS (
    SELECT i - 1, name FROM unnest(ARRAY[
        'controller', 'service', 'repository', 'client', 'serializer', 'validator', 'mapper', 'listener', 'job',
        'handler', 'filter', 'store', 'adapter', 'factory', 'parser', 'formatter', 'resolver', 'poller', 'consumer',
        'producer']) WITH ORDINALITY AS c(name, i)),
problem(i, text) AS (
    SELECT i - 1, text FROM unnest(ARRAY[
        'threw a null pointer on an empty list', 'timed out after thirty seconds under load',
        'raced with a second writer on the same row', 'stored timestamps in the wrong timezone',
        'skipped the last item of every page', 'leaked buffers from its pool', 'deadlocked on concurrent updates',
        'read stale data after a failover', 'scanned the table for lack of an index on the foreign key',
        'compared names without unicode normalization', 'rounded currency amounts per line',
        'trusted an expired certificate in staging', 'caused a retry storm after the outage',
        'ran a slow query for large tenants', 'delivered duplicate messages after a rebalance',
        'failed a flaky assertion on ordering', 'logged credentials in plain text', 'overflowed an integer counter',
        'double encoded query parameters', 'missed a migration for the new column', 'held a lock across a network call',
        'ignored the cancellation of the request', 'parsed dates with the default locale',
        'exhausted the connection pool at peak', 'returned a server error for a missing header',
        'cached the response of a failed call', 'lost events when the broker restarted',
        'sorted case sensitively', 'truncated long descriptions in the middle of a character',
        'blocked the event loop with file access', 'retried requests that were not idempotent',
        'accepted negative quantities', 'kept sessions alive after logout', 'sent emails twice on resubmit',
        'computed tax on the discounted total', 'loaded every child row one query at a time',
        'mixed up the sandbox and production keys', 'wrote partial files on a full disk',
        'closed the stream before the last chunk', 'spun a busy loop while idle']) WITH ORDINALITY AS p(text, i)),
fix(i, text) AS (
    SELECT i - 1, text FROM unnest(ARRAY[
        'added a guard clause and a test', 'wrapped both writes in one transaction', 'switched to a bounded queue',
        'moved the check before the write', 'added the composite index in a migration',
        'normalized input at the boundary', 'made the operation idempotent with a request key',
        'set an explicit deadline on the call', 'released the lock before calling out', 'batched the child queries',
        'pinned the locale and timezone to UTC', 'rotated the certificate and added an expiry alert',
        'capped the backoff with jitter', 'masked secrets in the log pattern', 'used a long counter',
        'streamed the file instead of buffering it', 'checked the header and answered bad request',
        'invalidated the entry on every write', 'acknowledged only after the commit',
        'replaced the sort with a collation aware one', 'validated quantities as positive',
        'revoked the session on logout', 'deduplicated submissions by form token', 'applied tax before the discount',
        'read keys from the environment per stage', 'wrote to a temporary file and renamed it',
        'flushed before closing', 'waited on a condition instead of spinning', 'raised the pool size and added a metric',
        'cancelled the downstream call with the request']) WITH ORDINALITY AS f(text, i)),
kind(i, name) AS (VALUES (0, 'discovery'), (1, 'decision'), (2, 'progress'), (3, 'blocker')),
verb(i, text) AS (VALUES (0, 'read'), (1, 'edited'), (2, 'searched'), (3, 'ran the tests of'), (4, 'reviewed'))
INSERT INTO observations (team_id, project_id, kind, content, metadata, generation_key, created_by_job_id, created_at)
SELECT :'team', :'project', k.name,
       '[' || a.name || '] ' || k.name || ' ' || g || E'\n\n' || 'The ' || a.name || ' ' || c.name || ' ' || p.text
           || '; ' || f.text || '. The agent ' || v.text || ' ' || path.file || ' (step ' || (g % 97) || ').',
       jsonb_build_object('type', k.name, 'title', '[' || a.name || '] ' || k.name || ' ' || g,
                          'files_modified', jsonb_build_array(path.file), 'files_read', '[]'::jsonb),
       'generation:v1:bench:' || g, 'evt_bench_' || (g / 8),
       now() - make_interval(secs => (:n - g) * 30)
  FROM generate_series(1, :n) AS g
  JOIN area a ON a.i = g % 50
  JOIN component c ON c.i = (g / 7) % 20
  JOIN problem p ON p.i = (g * 7 / 3) % 40
  JOIN fix f ON f.i = (g / 11) % 30
  JOIN kind k ON k.i = (g / 3) % 4
  JOIN verb v ON v.i = (g / 13) % 5
 CROSS JOIN LATERAL (SELECT 'src/main/java/com/acme/' || a.name || '/' || initcap(a.name) || initcap(c.name) || '.java'
                            AS file) path;
