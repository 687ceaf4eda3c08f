package dev.engram.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestDatabase;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.keys.ApiKeyIssuer;
import dev.engram.ops.keys.IssuedKey;
import dev.engram.ops.testing.SharedDevStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton end to end, on the whole stack in one JVM (real Postgres, real KRaft broker,
 * ingest API with its relay, generation processor): an event posted over HTTP becomes an observation.
 */
class PipelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DevStack stack = SharedDevStack.get();
    private final TestDatabase database = SharedDevStack.database();

    @Test
    void postedEventBecomesAnObservationWithTheJobCompletedAndTheOutboxRowPublished() throws Exception {
        JsonNode created = postEvent(event("Read", "src/main/java/dev/acme/RetryPolicy.java"));
        String eventId = created.get("event").get("id").asString();
        String jobId = created.get("generationJob").get("id").asString();

        JsonNode observations = awaitObservations(eventId, 1);
        JsonNode observation = observations.get(0);
        assertThat(observation.get("kind").asString()).isEqualTo("discovery");
        assertThat(observation.get("content").asString()).contains("RetryPolicy.java");
        assertThat(observation.get("createdByJobId").asString()).isEqualTo(jobId);
        assertThat(observation.get("source").get("sourceId").asString()).isEqualTo(eventId);

        JsonNode job = get("/v1/jobs/" + jobId).get("generationJob");
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("attempts").asInt()).isOne();
        assertThat(job.get("transport").asString()).isEqualTo("enqueued");
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", jobId))
                .isOne();
    }

    @Test
    void sameEventPostedTwiceIsOneEventOneJobOneObservation() throws Exception {
        String body = event("Edit", "src/main/java/dev/acme/Client-" + UUID.randomUUID() + ".java");
        JsonNode first = postEvent(body);
        JsonNode second = postEvent(body);
        String eventId = first.get("event").get("id").asString();
        String jobId = first.get("generationJob").get("id").asString();

        assertThat(second.get("event").get("id").asString()).isEqualTo(eventId);
        assertThat(second.get("generationJob").get("id").asString()).isEqualTo(jobId);
        awaitObservations(eventId, 1);
        assertThat(count("SELECT count(*) FROM agent_events WHERE id = ?", UUID.fromString(eventId))).isOne();
        assertThat(count("SELECT count(*) FROM generation_jobs WHERE agent_event_id = ?", UUID.fromString(eventId)))
                .isOne();
        assertThat(count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", jobId)).isOne();
    }

    @Test
    void relayThatSentButNeverMarkedSendsAgainAndTheDuplicateRecordChangesNothing() throws Exception {
        JsonNode created = postEvent(event("Grep", "src/test/java/dev/acme/FlakyTest.java"));
        String eventId = created.get("event").get("id").asString();
        String jobId = created.get("generationJob").get("id").asString();
        awaitObservations(eventId, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                get("/v1/jobs/" + jobId).get("generationJob").get("status").asString()));

        // The state a relay leaves when it crashes after the broker acknowledged but before it marked
        // the row: the record is on Kafka and the row is still unpublished. The next relay pass re-sends.
        assertThat(update("UPDATE outbox SET published_at = NULL WHERE aggregateid = ?", jobId)).isOne();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'enqueued'", jobId)
                        == 2);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NULL", jobId))
                        .isZero());
        assertThat(count("SELECT count(*) FROM observations WHERE created_by_job_id = ?", jobId)).isOne();
        assertThat(count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'completed'",
                jobId)).isOne();
        assertThat(get("/v1/events/" + eventId + "/observations").get("observations")).hasSize(1);
    }

    @Test
    void waitTrueAnswersOnceTheProcessorCompletedTheJob() throws Exception {
        JsonNode created = postEvent(event("Read", "src/main/java/dev/acme/Waited.java"), "?wait=true");
        String eventId = created.get("event").get("id").asString();

        assertThat(created.get("waitTimedOut").asBoolean()).isFalse();
        assertThat(created.get("generationJob").get("status").asString()).isEqualTo("completed");
        assertThat(get("/v1/events/" + eventId + "/observations").get("observations")).hasSize(1);
    }

    @Test
    void endingASessionProducesItsSummary() throws Exception {
        String sessionId = startSession(stack.projectId(), stack.apiKey());
        postEvent(eventInSession(stack.projectId(), sessionId, "Edit", "src/main/java/dev/acme/Backoff.java"));
        HttpResponse<String> ended = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/v1/sessions/" + sessionId + "/end"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ended.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> summaryOf(sessionId) != null);
        JsonNode summary = summaryOf(sessionId);
        assertThat(summary.get("content").asString()).contains("Backoff.java");
        assertThat(get("/v1/sessions/" + sessionId).get("session").get("generationStatus").asString())
                .isEqualTo("completed");
    }

    @Test
    void debounceProjectGetsOneEventBatchJobForItsWindowAndObservationsForEachEvent() throws Exception {
        String team = "pipeline-" + UUID.randomUUID().toString().substring(0, 8);
        IssuedKey key = new ApiKeyIssuer(DatabaseSettings.fromSpringProperties(database.springProperties()))
                .issue(team, team + "-debounce", List.of("memories:read", "memories:write"), "pipeline test");
        update("UPDATE projects SET generation_policy = 'debounce' WHERE id = ?", key.projectId());
        String sessionId = startSession(key.projectId(), key.rawKey());

        List<String> jobs = new ArrayList<>();
        for (String file : List.of("src/One.java", "src/Two.java")) {
            JsonNode created = postEvent(eventInSession(key.projectId(), sessionId, "Read", file), "", key.rawKey());
            jobs.add(created.get("generationJob").get("id").asString());
        }

        assertThat(jobs).allMatch(job -> job.startsWith("bat_"));
        for (String job : jobs.stream().distinct().toList()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                    get("/v1/jobs/" + job, key.rawKey()).get("generationJob").get("status").asString()));
        }
        JsonNode observations = get("/v1/sessions/" + sessionId + "/observations", key.rawKey()).get("observations");
        assertThat(observations).hasSize(2);
        assertThat(observations.get(0).get("createdByJobId").asString()).isIn(jobs);
    }

    @Test
    void privateSpansNeverReachAnyStoredRowOnAnyPath() throws Exception {
        String secret = "sk-private-" + UUID.randomUUID();
        String hidden = "<private>" + secret + "</private>";
        String team = "private-" + UUID.randomUUID().toString().substring(0, 8);
        IssuedKey key = new ApiKeyIssuer(DatabaseSettings.fromSpringProperties(database.springProperties()))
                .issue(team, team + "-p", List.of("memories:read", "memories:write"), "private test");
        String sessionId = startSession(key.projectId(), key.rawKey());
        String payload = """
                {"tool_name":"Bash","tool_input":{"command":"export TOKEN=%s && deploy"},"tool_response":"ok %s"}"""
                .formatted(hidden, hidden);
        String single = """
                {"projectId":"%s","serverSessionId":"%s","sourceType":"hook","eventType":"tool_use",
                 "occurredAtEpoch":1,"metadata":{"note":"%s"},"payload":%s}"""
                .formatted(key.projectId(), sessionId, hidden, payload);
        JsonNode event = postEvent(single, "?wait=true", key.rawKey());
        send("/v1/events/batch", "[" + single.replace("\"occurredAtEpoch\":1", "\"occurredAtEpoch\":2") + "]",
                key.rawKey(), 201);
        send("/v1/memories", """
                {"projectId":"%s","content":"remember %s this","metadata":{"k":"%s"}}"""
                .formatted(key.projectId(), hidden, hidden), key.rawKey(), 201);
        String hookKey = new ApiKeyIssuer(DatabaseSettings.fromSpringProperties(database.springProperties()))
                .issue(team, key.projectId(), List.of("memories:read", "memories:write"), "hook").rawKey();
        send("/api/sessions/observations", """
                {"contentSessionId":"private-hook","tool_name":"Read","tool_input":{"file_path":"%s"},
                 "tool_response":"%s","tool_use_id":"toolu_private"}""".formatted(hidden, hidden), hookKey, 200);
        send("/api/sessions/summarize", """
                {"contentSessionId":"private-hook","last_assistant_message":"done %s"}""".formatted(hidden),
                hookKey, 200);
        send("/v1/sessions/" + sessionId + "/end", "", key.rawKey(), 200);

        assertThat(event.get("generationJob").get("status").asString()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM observations WHERE team_id = ? AND kind = 'summary'", team) == 2);
        for (String table : List.of("agent_events", "generation_jobs", "generation_job_events", "outbox",
                "observations", "observation_sources", "sessions", "audit_log")) {
            assertThat(count("SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?", "%" + secret + "%"))
                    .as("rows of %s holding the private text", table).isZero();
        }
        assertThat(count("SELECT count(*) FROM observations WHERE team_id = ?", team)).isGreaterThan(3);
    }

    @Test
    void generateFalseStoresTheEventAndNeverMakesAJobOrObservation() throws Exception {
        JsonNode created = postEvent(event("Read", "README.md"), "?generate=false");
        String eventId = created.get("event").get("id").asString();

        assertThat(created.has("generationJob")).isFalse();
        assertThat(count("SELECT count(*) FROM generation_jobs WHERE agent_event_id = ?", UUID.fromString(eventId)))
                .isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE payload->>'agent_event_id' = ?", eventId)).isZero();
    }

    private String event(String tool, String file) {
        return """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":%d,
                 "contentSessionId":"pipeline-%s","platformSource":"claude-code",
                 "payload":{"tool_name":"%s","tool_input":{"file_path":"%s","pattern":"retry"},
                            "tool_response":"found 3 matches"}}
                """.formatted(stack.projectId(), System.currentTimeMillis(), UUID.randomUUID(), tool, file);
    }

    private JsonNode send(String path, String body, String apiKey, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private String eventInSession(String projectId, String sessionId, String tool, String file) {
        return """
                {"projectId":"%s","serverSessionId":"%s","sourceType":"hook","eventType":"tool_use",
                 "occurredAtEpoch":%d,"payload":{"tool_name":"%s","tool_input":{"file_path":"%s"},
                 "tool_response":"done"}}
                """.formatted(projectId, sessionId, System.currentTimeMillis(), tool, file);
    }

    private String startSession(String projectId, String apiKey) throws Exception {
        String body = "{\"projectId\":\"" + projectId + "\",\"externalSessionId\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/v1/sessions/start"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("session").get("id").asString();
    }

    private JsonNode summaryOf(String sessionId) throws Exception {
        for (JsonNode observation : get("/v1/sessions/" + sessionId + "/observations").get("observations")) {
            if ("summary".equals(observation.get("kind").asString())) {
                return observation;
            }
        }
        return null;
    }

    private JsonNode awaitObservations(String eventId, int count) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                get("/v1/events/" + eventId + "/observations").get("observations").size() >= count);
        return get("/v1/events/" + eventId + "/observations").get("observations");
    }

    private JsonNode postEvent(String body) throws Exception {
        return postEvent(body, "");
    }

    private JsonNode postEvent(String body, String query) throws Exception {
        return postEvent(body, query, stack.apiKey());
    }

    private JsonNode postEvent(String body, String query, String apiKey) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/events" + query))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        return get(path, stack.apiKey());
    }

    private JsonNode get(String path, String apiKey) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + apiKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int update(String sql, Object parameter) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            return statement.executeUpdate();
        }
    }
}
