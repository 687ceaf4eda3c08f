-- 100,000 observations for the search benchmarks, as the rules provider writes them: a type, a title,
-- a narrative about one subsystem and the file it touched, spread over 200 sessions' worth of time.
-- psql -v team=... -v project=... -v n=100000 -f observations.sql
WITH topic(i, name, file, sentence) AS (VALUES
    (0, 'retry', 'src/main/java/com/acme/http/RetryingHttpClient.java', 'The HTTP client retried server errors without a cap on backoff; capped exponential backoff at 10 seconds'),
    (1, 'billing', 'src/main/java/com/acme/billing/InvoiceService.java', 'Invoice totals were rounded per line instead of per invoice; switched to BigDecimal rounding at the end'),
    (2, 'auth', 'src/main/java/com/acme/auth/TokenVerifier.java', 'JWT signature verification accepted expired tokens; the verifier now checks the exp claim'),
    (3, 'search', 'src/main/java/com/acme/search/Indexer.java', 'The Lucene indexer dropped documents with emoji titles; the analyzer now keeps supplementary characters'),
    (4, 'deploy', 'deploy/helm/values.yaml', 'Kubernetes readiness probe pointed at the wrong port; the chart now probes the management port'),
    (5, 'database', 'src/main/resources/db/migration/V7__orders_index.sql', 'Order lookups by customer scanned the table; added a composite index on customer and created date'),
    (6, 'ci', '.github/workflows/build.yml', 'The CI build failed intermittently on a flaky integration test; the test now waits for the port'),
    (7, 'docs', 'CHANGELOG.md', 'Every pull request needs a changelog entry; the release script reads it'),
    (8, 'cache', 'src/main/java/com/acme/cache/PriceCache.java', 'Prices were served stale after an update; the cache entry is now evicted on write'),
    (9, 'logging', 'src/main/resources/logback.xml', 'Request logs leaked the authorization header; the pattern now masks it')),
kind(i, name) AS (VALUES (0, 'discovery'), (1, 'decision'), (2, 'progress'), (3, 'blocker')),
verb(i, text) AS (VALUES (0, 'read'), (1, 'edited'), (2, 'searched'), (3, 'ran the tests of'), (4, 'reviewed'))
INSERT INTO observations (team_id, project_id, kind, content, metadata, generation_key, created_by_job_id, created_at)
SELECT :'team', :'project', k.name,
       '[' || t.name || '] ' || k.name || ' ' || g || E'\n\n' || t.sentence || '. The agent ' || v.text || ' '
           || t.file || ' (step ' || (g % 97) || ').',
       jsonb_build_object('type', k.name, 'title', '[' || t.name || '] ' || k.name || ' ' || g,
                          'files_modified', jsonb_build_array(t.file), 'files_read', '[]'::jsonb),
       'generation:v1:bench:' || g, 'evt_bench_' || (g / 8),
       now() - make_interval(secs => (:n - g) * 30)
  FROM generate_series(1, :n) AS g
  JOIN topic t ON t.i = g % 10
  JOIN kind k ON k.i = (g / 10) % 4
  JOIN verb v ON v.i = (g / 40) % 5;
