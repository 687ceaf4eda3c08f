package dev.engram.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobIds;
import dev.engram.core.job.JobKind;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class SessionLifecycleTest extends IngestApiTest {

    @Test
    void startCreatesThenFindsTheSameSessionByExternalId() {
        TestTenant tenant = newTenant();
        String body = start(tenant.projectId(), "ext-1");

        JsonNode created = post(tenant.apiKey(), "/v1/sessions/start", body).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session");
        JsonNode found = post(tenant.apiKey(), "/v1/sessions/start", body).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session");

        assertThat(found.get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(created.get("externalSessionId").asString()).isEqualTo("ext-1");
        assertThat(created.get("platformSource").asString()).isEqualTo("claude-code");
        assertThat(created.get("generationStatus").asString()).isEqualTo("idle");
        assertThat(created.get("endedAtEpoch").isNull()).isTrue();
    }

    @Test
    void sessionsWithoutExternalIdAreAlwaysNew() {
        TestTenant tenant = newTenant();
        String body = """
                {"projectId":"%s","contentSessionId":"c-1"}""".formatted(tenant.projectId());

        String first = post(tenant.apiKey(), "/v1/sessions/start", body).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session").get("id").asString();
        String second = post(tenant.apiKey(), "/v1/sessions/start", body).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session").get("id").asString();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void concurrentStartsWithTheSameIdReturnOneSessionAndNever500() {
        TestTenant tenant = newTenant();
        String body = start(tenant.projectId(), "race-1");
        List<CompletableFuture<Integer>> starts = IntStream.range(0, 10)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(tenant.apiKey(), "/v1/sessions/start", body)
                        .returnResult(String.class).getStatus().value()))
                .toList();

        List<Integer> statuses = starts.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(tenant.count("SELECT count(*) FROM sessions WHERE team_id = ?", tenant.teamId())).isOne();
    }

    @Test
    void endSetsTheEndTimeOnceAndEnqueuesOneSummaryJob() {
        TestTenant tenant = newTenant();
        String id = startSession(tenant, "end-1");

        JsonNode first = post(tenant.apiKey(), "/v1/sessions/" + id + "/end", "").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode second = post(tenant.apiKey(), "/v1/sessions/" + id + "/end", "").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        String jobId = JobIds.jobId(JobKind.SUMMARY, tenant.teamId(), tenant.projectId(), id);
        assertThat(first.get("generationJob").get("id").asString()).isEqualTo(jobId).startsWith("sum_");
        assertThat(second.get("generationJob").get("id").asString()).isEqualTo(jobId);
        assertThat(second.get("session").get("endedAtEpoch").asLong())
                .isEqualTo(first.get("session").get("endedAtEpoch").asLong());
        assertThat(first.get("session").get("generationStatus").asString()).isEqualTo("queued");
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND job_type = 'summary' "
                + "AND lane = 'summary' AND source_type = 'session_summary'", jobId)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND aggregatetype = 'summary'",
                jobId)).isOne();
    }

    @Test
    void anotherTenantsSessionIs404ForReadAndEnd() {
        TestTenant owner = newTenant();
        TestTenant stranger = newTenant();
        String id = startSession(owner, "mine-1");

        http.get().uri("/v1/sessions/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger.apiKey())
                .exchange().expectStatus().isNotFound();
        post(stranger.apiKey(), "/v1/sessions/" + id + "/end", "").expectStatus().isNotFound();
        assertThat(owner.count("SELECT count(*) FROM sessions WHERE team_id = ? AND ended_at IS NOT NULL",
                owner.teamId())).isZero();
        http.get().uri("/v1/sessions/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + owner.apiKey())
                .exchange().expectStatus().isOk();
    }

    @Test
    void sessionObservationsListTheSummaryAndAreScoped() {
        TestTenant owner = newTenant();
        TestTenant stranger = newTenant();
        String id = startSession(owner, "obs-1");
        owner.update("INSERT INTO observations (team_id, project_id, server_session_id, kind, content) "
                + "VALUES (?, ?, ?::uuid, 'summary', 'Request: fix the flaky test')", owner.teamId(), owner.projectId(),
                id);

        http.get().uri("/v1/sessions/" + id + "/observations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + owner.apiKey()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.sessionId").isEqualTo(id)
                .jsonPath("$.observations[0].kind").isEqualTo("summary")
                .jsonPath("$.observations[0].content").isEqualTo("Request: fix the flaky test");
        http.get().uri("/v1/sessions/" + id + "/observations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger.apiKey()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void startNamingAProjectOfAnotherTeamIs403() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();

        post(tenant.apiKey(), "/v1/sessions/start", start(other.projectId(), "x")).expectStatus().isForbidden();
        post(tenant.apiKey(), "/v1/sessions/start", "{\"externalSessionId\":\"x\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[0].path[0]").isEqualTo("projectId");
        assertThat(other.count("SELECT count(*) FROM sessions WHERE team_id = ?", other.teamId())).isZero();
    }

    @Test
    void eventsFollowTheirSessionByContentSessionId() {
        TestTenant tenant = newTenant();
        String id = startSession(tenant, "link-1");
        String event = """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1,
                 "contentSessionId":"content-link-1","payload":{"tool_name":"Read"}}""".formatted(tenant.projectId());

        JsonNode created = post(tenant.apiKey(), "/v1/events", event).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(created.get("event").get("serverSessionId").asString()).isEqualTo(id);
    }

    private String startSession(TestTenant tenant, String externalId) {
        return post(tenant.apiKey(), "/v1/sessions/start", start(tenant.projectId(), externalId))
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session").get("id").asString();
    }

    private static String start(String projectId, String externalId) {
        return """
                {"projectId":"%s","externalSessionId":"%s","contentSessionId":"content-%s",
                 "platformSource":"Claude-Code","agentType":"claude-code","metadata":{"cwd":"/repo"}}"""
                .formatted(projectId, externalId, externalId);
    }

    private WebTestClient.ResponseSpec post(String key, String path, String body) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
