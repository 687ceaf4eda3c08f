package dev.engram.ingest.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobIds;
import dev.engram.core.job.JobKind;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class LegacyHookRoutesTest extends IngestApiTest {

    private static final List<String> READ_WRITE = List.of("memories:read", "memories:write");

    @Test
    void toolUseHookStoresOneEventInAFoundOrCreatedSessionAndQueuesItsJob() {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), READ_WRITE);
        String body = """
                {"contentSessionId":"cc-1","tool_name":"Read","tool_input":{"file_path":"src/App.java"},
                 "tool_response":"class App {}","cwd":"/repo","platformSource":"claude-code",
                 "tool_use_id":"toolu_1","extra_field":"ignored"}""";

        JsonNode first = post(key, "/api/sessions/observations", body).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode again = post(key, "/api/sessions/observations", body).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(first.get("status").asString()).isEqualTo("queued");
        assertThat(first.get("observationCount").asInt()).isOne();
        assertThat(first.get("transport").asString()).isEqualTo("queued_only");
        String eventId = first.get("eventId").asString();
        String sessionId = first.get("serverSessionId").asString();
        assertThat(again.get("eventId").asString()).isEqualTo(eventId);
        assertThat(again.get("serverSessionId").asString()).isEqualTo(sessionId);
        assertThat(first.get("generationJobId").asString())
                .isEqualTo(JobIds.jobId(JobKind.EVENT, tenant.teamId(), tenant.projectId(), eventId));
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ? AND event_type = 'tool_use' "
                + "AND source_event_id = 'toolu_1' AND payload->>'tool_name' = 'Read'", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM sessions WHERE team_id = ? AND content_session_id = 'cc-1'",
                tenant.teamId())).isOne();
    }

    @Test
    void summarizeEndsTheSessionThroughTheSameServiceAndQueuesItsSummary() {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), READ_WRITE);
        String sessionId = post(key, "/api/sessions/observations", """
                {"contentSessionId":"cc-2","tool_name":"Bash","tool_input":{"command":"mvn test"}}""")
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("serverSessionId").asString();

        JsonNode summary = post(key, "/api/sessions/summarize", """
                {"contentSessionId":"cc-2","last_assistant_message":"Fixed it. <private>api-key-xyz</private>"}""")
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(summary.get("status").asString()).isEqualTo("queued");
        assertThat(summary.get("serverSessionId").asString()).isEqualTo(sessionId);
        assertThat(summary.get("generationJobId").asString())
                .isEqualTo(JobIds.jobId(JobKind.SUMMARY, tenant.teamId(), tenant.projectId(), sessionId));
        assertThat(tenant.count("SELECT count(*) FROM sessions WHERE id = ?::uuid AND ended_at IS NOT NULL", sessionId))
                .isOne();
        assertThat(tenant.text("SELECT payload->>'message' FROM agent_events WHERE server_session_id = ?::uuid "
                + "AND event_type = 'assistant_message'", sessionId)).isEqualTo("Fixed it. ");
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ? AND payload::text LIKE "
                + "'%api-key-xyz%'", tenant.teamId())).isZero();
    }

    @Test
    void summarizeFromASubAgentIsSkipped() {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), READ_WRITE);

        JsonNode answer = post(key, "/api/sessions/summarize", """
                {"contentSessionId":"cc-3","agentId":"sub-agent-7"}""")
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(answer.get("status").asString()).isEqualTo("skipped");
        assertThat(answer.get("reason").asString()).isEqualTo("subagent_context");
        assertThat(tenant.count("SELECT count(*) FROM sessions WHERE team_id = ?", tenant.teamId())).isZero();
    }

    @Test
    void teamWideKeyIs400BadRequestAndWritesNothing() {
        TestTenant tenant = newTenant();

        post(tenant.apiKey(), "/api/sessions/observations", """
                {"contentSessionId":"cc-4","tool_name":"Read"}""")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("BadRequest");
        post(tenant.apiKey(), "/api/sessions/summarize", "{\"contentSessionId\":\"cc-4\"}")
                .expectStatus().isBadRequest();
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isZero();
    }

    @Test
    void missingToolNameIs400NamingIt() {
        TestTenant tenant = newTenant();
        String key = tenant.newKey(tenant.projectId(), READ_WRITE);

        post(key, "/api/sessions/observations", "{\"contentSessionId\":\"cc-5\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[0].path[0]").isEqualTo("tool_name");
    }

    @Test
    void withoutAKeyIs401() {
        http.post().uri("/api/sessions/observations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient.ResponseSpec post(String key, String path, String body) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
