package dev.engram.ingest.search;

import dev.engram.core.testing.TestTenant;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.LocalEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's memory as a coding agent leaves it: generated observations of several types about several
 * subsystems (each with the files it touched), session summaries and manual memories, written straight to
 * the database the way the processors and the memory route write them: 56 rows per project, so the
 * three projects of one team and the one of another make 224.
 */
final class MemoryFixture {

    static final Embedder EMBEDDER = new LocalEmbedder();

    /** Subsystem, file, and what the agent did there; every sentence is about its own subsystem only. */
    static final String[][] TOPICS = {
            {"retry", "src/main/java/com/acme/http/RetryingHttpClient.java",
                    "The HTTP client retried server errors without a cap on backoff; capped exponential backoff at 10 seconds"},
            {"billing", "src/main/java/com/acme/billing/InvoiceService.java",
                    "Invoice totals were rounded per line instead of per invoice; switched to BigDecimal rounding at the end"},
            {"auth", "src/main/java/com/acme/auth/TokenVerifier.java",
                    "JWT signature verification accepted expired tokens; the verifier now checks the exp claim"},
            {"search", "src/main/java/com/acme/search/Indexer.java",
                    "The Lucene indexer dropped documents with emoji titles; the analyzer now keeps supplementary characters"},
            {"deploy", "deploy/helm/values.yaml",
                    "Kubernetes readiness probe pointed at the wrong port; the chart now probes the management port"},
            {"database", "src/main/resources/db/migration/V7__orders_index.sql",
                    "Order lookups by customer scanned the table; added a composite index on customer and created date"},
    };
    static final String[] TYPES = {"discovery", "decision", "progress", "blocker"};

    private MemoryFixture() {
    }

    /** Writes the fixture into the tenant's project (and one session per topic); returns the session ids. */
    static List<String> write(TestTenant tenant, String projectId) {
        List<String> sessions = new ArrayList<>();
        for (int t = 0; t < TOPICS.length; t++) {
            String[] topic = TOPICS[t];
            String session = tenant.text("INSERT INTO sessions (team_id, project_id, external_session_id, platform_source) "
                    + "VALUES (?, ?, ?, ?) RETURNING id::text", tenant.teamId(), projectId, "fixture-" + topic[0],
                    t % 2 == 0 ? "claude-code" : "opencode");
            sessions.add(session);
            for (int i = 0; i < 8; i++) {
                String type = TYPES[i % TYPES.length];
                String title = "[" + topic[0] + "] " + type + " " + i;
                String content = title + "\n\n" + topic[2] + ". Step " + i + " of the " + topic[0] + " work.";
                tenant.update("INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata, "
                        + "generation_key, created_by_job_id, created_at) VALUES (?, ?, ?::uuid, ?, ?, ?::jsonb, ?, ?, "
                        + "now() - make_interval(secs => ? * 60))", tenant.teamId(), projectId, session, type, content,
                        "{\"title\":\"" + title + "\",\"files_modified\":[\"" + topic[1] + "\"],\"files_read\":[]}",
                        "generation:v1:fixture:" + projectId + ":" + t + ":" + i, "evt_fixture", (t * 10 + i) * 1.0);
            }
            tenant.update("INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata, "
                    + "generation_key, created_by_job_id, created_at) VALUES (?, ?, ?::uuid, 'summary', ?, '{}'::jsonb, ?, "
                    + "'sum_fixture', now() - make_interval(secs => ? * 60))", tenant.teamId(), projectId, session,
                    "Request: fix the " + topic[0] + " problem\nCompleted: " + topic[2], "generation:v1:summary:"
                            + projectId + ":" + t, t * 1.0);
        }
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content) VALUES (?, ?, 'manual', ?)",
                tenant.teamId(), projectId, "Team convention: every pull request needs a changelog entry");
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content) VALUES (?, ?, 'decision', ?)",
                tenant.teamId(), projectId, "We decided to keep Postgres as the only source of truth for invoices");
        embed(tenant, projectId);
        return sessions;
    }

    /** The embeddings a processor's backfill would store, computed by the same local model. */
    private static void embed(TestTenant tenant, String projectId) {
        try (var c = tenant.database().connect();
                var rows = c.prepareStatement("SELECT id, content FROM observations WHERE team_id = ? AND project_id = ?")) {
            rows.setString(1, tenant.teamId());
            rows.setString(2, projectId);
            java.util.List<String> ids = new ArrayList<>();
            java.util.List<String> contents = new ArrayList<>();
            try (var rs = rows.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    contents.add(rs.getString(2));
                }
            }
            java.util.List<float[]> vectors = EMBEDDER.embed(contents);
            try (var update = c.prepareStatement("UPDATE observation_embeddings SET embedding = ?::vector WHERE observation_id = ?::uuid")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setString(1, Embedder.literal(vectors.get(i)));
                    update.setString(2, ids.get(i));
                    update.addBatch();
                }
                update.executeBatch();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
