package dev.engram.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class EventBatchTest extends IngestApiTest {

    @Test
    void batchOf500IsWrittenInRequestOrderWithAJobEach() {
        TestTenant tenant = newTenant();
        JsonNode response = post(tenant, batch(tenant.projectId(), 500, -1)).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode events = response.get("events");
        assertThat(events).hasSize(500);
        assertThat(events.get(0).get("event").get("sourceEventId").asString()).isEqualTo("toolu_0");
        assertThat(events.get(499).get("event").get("sourceEventId").asString()).isEqualTo("toolu_499");
        assertThat(events.get(7).get("generationJob").get("status").asString()).isEqualTo("queued");
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isEqualTo(500);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId()))
                .isEqualTo(500);
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ?", tenant.teamId())).isEqualTo(500);
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events e JOIN generation_jobs j ON j.id = e.job_id "
                + "WHERE j.team_id = ? AND e.event_type = 'queued'", tenant.teamId())).isEqualTo(500);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'event.batch_received' "
                + "AND (details->>'count')::int = 500", tenant.teamId())).isOne();
    }

    @Test
    void batchOf501IsRefusedNamingTheLimitAndWritesNothing() {
        TestTenant tenant = newTenant();
        JsonNode problem = post(tenant, batch(tenant.projectId(), 501, -1)).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("detail").asString()).contains("1 to 500").contains("501");
        assertNothingWritten(tenant);
    }

    @Test
    void emptyBatchIsRefusedNamingTheLimitAndWritesNothing() {
        TestTenant tenant = newTenant();
        JsonNode problem = post(tenant, "[]").expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("detail").asString()).contains("1 to 500").contains("holds 0");
        assertNothingWritten(tenant);
    }

    @Test
    void oneBadEventRejectsTheBatchNamingItsIndexAndFieldAndWritesNothing() {
        TestTenant tenant = newTenant();
        JsonNode problem = post(tenant, batch(tenant.projectId(), 20, 13)).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode issue = problem.get("issues").get(0);
        assertThat(issue.get("path").get(0).asInt()).isEqualTo(13);
        assertThat(issue.get("path").get(1).asString()).isEqualTo("eventType");
        assertThat(problem.get("issues")).hasSize(1);
        assertNothingWritten(tenant);
    }

    @Test
    void oneEventOfAForeignProjectRejectsTheBatchWith403AndWritesNothing() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        List<String> items = new ArrayList<>(items(tenant.projectId(), 5, -1));
        items.add(item(other.projectId(), 99, true));
        post(tenant, "[" + String.join(",", items) + "]").expectStatus().isForbidden();

        assertNothingWritten(tenant);
        assertNothingWritten(other);
    }

    @Test
    void generateFalseWritesEventsOnly() {
        TestTenant tenant = newTenant();
        http.post().uri("/v1/events/batch?generate=false")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(batch(tenant.projectId(), 3, -1))
                .exchange().expectStatus().isCreated();

        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isEqualTo(3);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isZero();
    }

    @Test
    void privateSpansNeverReachAStoredEvent() {
        TestTenant tenant = newTenant();
        String event = """
                [{"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":5,
                  "metadata":{"note":"<private>meta-secret-42</private>kept"},
                  "payload":{"tool_name":"Bash","tool_input":{"command":"curl -H 'X: <private>tok-secret-42</private>' x"},
                             "tool_response":"ok"}}]""".formatted(tenant.projectId());
        post(tenant, event).expectStatus().isCreated();

        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ? AND (payload::text LIKE "
                + "'%secret-42%' OR metadata::text LIKE '%secret-42%')", tenant.teamId())).isZero();
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ? AND o.payload::text LIKE '%secret-42%'", tenant.teamId())).isZero();
        assertThat(tenant.text("SELECT metadata->>'note' FROM agent_events WHERE team_id = ?", tenant.teamId()))
                .isEqualTo("kept");
    }

    private WebTestClient.ResponseSpec post(TestTenant tenant, String body) {
        // 500 events answer with about 400 KB, over the test client's default buffer.
        return http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .post().uri("/v1/events/batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String batch(String projectId, int size, int badIndex) {
        return "[" + String.join(",", items(projectId, size, badIndex)) + "]";
    }

    private static List<String> items(String projectId, int size, int badIndex) {
        List<String> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(item(projectId, i, i != badIndex));
        }
        return items;
    }

    private static String item(String projectId, int index, boolean valid) {
        return """
                {"projectId":"%s","sourceType":"hook",%s"occurredAtEpoch":%d,"sourceEventId":"toolu_%d",
                 "contentSessionId":"batch-session","platformSource":"claude-code",
                 "payload":{"tool_name":"Read","tool_input":{"file_path":"src/File%d.java"},"tool_response":"..."}}"""
                .formatted(projectId, valid ? "\"eventType\":\"tool_use\"," : "", 1764000000000L + index, index, index);
    }

    private static void assertNothingWritten(TestTenant tenant) {
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isZero();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isZero();
    }
}
