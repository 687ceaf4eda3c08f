package dev.engram.ops.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.Cli;
import dev.engram.ops.testing.SharedDevStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code engram reindex} on the shared dev stack: the reindex lane's jobs go through the outbox, the relay and the
 * broker to the running generation processor, which puts back search rows and embeddings that were lost or
 * damaged; the rows are then exactly what the pipeline wrote in the first place, and asking again changes nothing.
 */
class ReindexCommandTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DevStack stack = SharedDevStack.get();
    private final TestDatabase database = SharedDevStack.database();
    private final Cli cli = new Cli(database);

    @Test
    void reindexRepairsSearchRowsAndEmbeddingsAndLeavesThemAsThePipelineWroteThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            post("""
                    {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":%d,
                     "contentSessionId":"reindex-%s","platformSource":"claude-code",
                     "payload":{"tool_name":"Edit","tool_input":{"file_path":"src/Reindex%d.java"},
                                "tool_response":"ok"}}""".formatted(stack.projectId(), System.currentTimeMillis(),
                    UUID.randomUUID(), i));
        }
        // every row has its embedding from the processors' backfill
        await().atMost(Duration.ofSeconds(90)).until(() -> scalar(
                "SELECT count(*) FROM observation_embeddings WHERE project_id = ? AND embedding IS NULL") == 0);
        List<String> before = snapshot();
        assertThat(scalar("SELECT count(*) FROM observations WHERE project_id = ?")).isGreaterThanOrEqualTo(3);

        damage();
        assertThat(snapshot()).isNotEqualTo(before);

        assertThat(run("reindex", "--project", stack.projectId(), "--batch-size", "2", "--timeout", "120"))
                .as(cli.err() + cli.out()).isZero();
        assertThat(cli.out()).containsPattern("Project " + stack.projectId() + " \\(team " + stack.teamId()
                + "\\): \\d+ observations in \\d+ scopes: \\d+ queued")
                .containsPattern("Reindexed \\d+ scopes\\.");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(scalar("SELECT count(*) FROM audit_log WHERE project_id = ? AND action = 'project.reindex_requested'"))
                .isGreaterThanOrEqualTo(1);
        // the lane's progress, as engram jobs status shows it: its jobs completed, read by the generation processor
        long scopes = scalar("SELECT count(*) FROM generation_jobs WHERE project_id = ? AND lane = 'reindex'");
        cli.run("jobs", "status", "--json", "--kafka=" + stack.kafkaBootstrapServers());
        JsonNode reindexLane = JSON.readTree(cli.out()).get("lanes").get("reindex");
        assertThat(reindexLane.get("jobs").get("completed").asLong()).isGreaterThanOrEqualTo(scopes).isPositive();
        assertThat(reindexLane.get("lag").has("generation-processor")).as(cli.out()).isTrue();

        // the same scopes again: nothing to do unless asked
        assertThat(run("reindex", "--project", stack.projectId(), "--batch-size", "2")).isZero();
        assertThat(cli.out()).contains(": 0 queued").contains("reindexed before or running (left alone")
                .doesNotContain("Reindexing");

        assertThat(run("reindex", "--project", stack.projectId(), "--batch-size", "2", "--again", "--timeout", "120"))
                .as(cli.err() + cli.out()).isZero();
        assertThat(cli.out()).contains("queued again").containsPattern("Reindexed \\d+ scopes\\.");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(scalar("SELECT count(*) FROM generation_jobs WHERE project_id = ? AND lane = 'reindex' "
                + "AND status <> 'completed'")).isZero();
    }

    @Test
    void anUnknownProjectOrABadBatchSizeIsRefusedWithTheReason() {
        assertThat(run("reindex", "--project", "no-such-project")).isNotZero();
        assertThat(cli.err()).contains("no project 'no-such-project'");
        assertThat(run("reindex", "--project", stack.projectId(), "--batch-size", "0")).isNotZero();
        assertThat(cli.err()).contains("--batch-size must be between 1 and 5000");
        assertThat(run("reindex")).isNotZero();
        assertThat(cli.err()).contains("--project").contains("--all");
    }

    /** Loses a search row and an embedding row, and corrupts a search vector and an embedding. */
    private void damage() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM observations WHERE project_id = '" + stack.projectId()
                    + "' ORDER BY id LIMIT 3")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            s.executeUpdate("DELETE FROM observation_search WHERE observation_id = '" + ids.get(0) + "'");
            s.executeUpdate("UPDATE observation_search SET search_vector = to_tsvector('english', 'stale words') "
                    + "WHERE observation_id = '" + ids.get(1) + "'");
            s.executeUpdate("DELETE FROM observation_embeddings WHERE observation_id = '" + ids.get(1) + "'");
            s.executeUpdate("UPDATE observation_embeddings SET embedding = array_fill(0.5::real, ARRAY[384])::vector "
                    + "WHERE observation_id = '" + ids.get(2) + "'");
        }
    }

    /** The dev project's search rows and embeddings, as text. */
    private List<String> snapshot() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect()) {
            rows.addAll(query(c, "SELECT observation_id || ' ' || kind || ' ' || generated || ' ' "
                    + "|| coalesce(server_session_id::text, '-') || ' ' || created_at || ' ' || search_vector::text "
                    + "FROM observation_search WHERE project_id = ? ORDER BY observation_id"));
            rows.addAll(query(c, "SELECT observation_id || ' ' || kind || ' ' || md5(coalesce(embedding::text, '-')) "
                    + "FROM observation_embeddings WHERE project_id = ? ORDER BY observation_id"));
        }
        return rows;
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, stack.projectId());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> query(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, stack.projectId());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private void post(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/v1/events?wait=true"))
                .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private int run(String... args) {
        return cli.run(args);
    }
}
