package dev.engram.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.job.JobIds;
import dev.engram.core.job.JobKind;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Each generation policy makes the jobs it promises (the test context's debounce window is 2 s). */
class GenerationPolicyTest extends IngestApiTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    @Test
    void perEventIsTheDefaultAndGivesEveryEventItsOwnJob() {
        TestTenant tenant = newTenant();
        String session = startSession(tenant);

        JsonNode first = post(tenant, event(tenant, session, "a"));
        JsonNode second = post(tenant, event(tenant, session, "b"));

        assertThat(first.get("generationJob").get("id").asString()).startsWith("evt_")
                .isNotEqualTo(second.get("generationJob").get("id").asString());
    }

    @Test
    void endOfSessionMakesNoPerEventJobsAndTheSummaryCoversTheSession() {
        TestTenant tenant = newTenant();
        tenant.update("UPDATE projects SET generation_policy = 'end-of-session' WHERE id = ?", tenant.projectId());
        String session = startSession(tenant);

        JsonNode inSession = post(tenant, event(tenant, session, "a"));
        JsonNode outside = post(tenant, event(tenant, null, "b"));
        String summaryJob = http.post().uri("/v1/sessions/" + session + "/end")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("generationJob").get("id").asString();

        assertThat(inSession.has("generationJob")).isFalse();
        assertThat(outside.get("generationJob").get("id").asString()).startsWith("evt_");
        assertThat(summaryJob).startsWith("sum_");
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND job_type = 'event'",
                tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND job_type = 'summary'",
                tenant.teamId())).isOne();
    }

    @Test
    void debounceCollapsesASessionsEventsPerWindowIntoOneEventBatchJobPublishedWhenTheWindowCloses() {
        TestTenant tenant = newTenant();
        tenant.update("UPDATE projects SET generation_policy = 'debounce' WHERE id = ?", tenant.projectId());
        String session = startSession(tenant);

        List<JsonNode> posted = new ArrayList<>();
        for (String marker : List.of("a", "b", "c")) {
            posted.add(post(tenant, event(tenant, session, marker)));
        }

        List<String> jobIds = new ArrayList<>();
        for (JsonNode response : posted) {
            Instant received = Instant.ofEpochMilli(response.get("event").get("receivedAtEpoch").asLong());
            DebounceWindow window = DebounceWindow.containing(session, received, WINDOW);
            String jobId = response.get("generationJob").get("id").asString();
            assertThat(jobId).isEqualTo(JobIds.jobId(JobKind.EVENT_BATCH, tenant.teamId(), tenant.projectId(),
                    window.sourceId())).startsWith("bat_");
            jobIds.add(jobId);
        }
        // Three posts within well under 2 s span at most two windows, so at least two events share a job.
        assertThat(jobIds.stream().distinct().count()).isLessThan(3);
        String shared = jobIds.get(1);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND lane = 'event-batch' "
                + "AND source_type = 'event_batch' AND agent_event_id IS NULL", shared)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", shared)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND job_type = 'event'",
                tenant.teamId())).isZero();

        await().atMost(Duration.ofSeconds(15)).until(() -> tenant.count(
                "SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL", shared) == 1);
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? "
                + "AND published_at >= available_at", shared)).isOne();
    }

    private String startSession(TestTenant tenant) {
        return http.post().uri("/v1/sessions/start").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"" + tenant.projectId() + "\",\"externalSessionId\":\"policy\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("session").get("id").asString();
    }

    private static String event(TestTenant tenant, String session, String marker) {
        return """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1,%s
                 "payload":{"tool_name":"Read","tool_input":{"file_path":"src/%s.java"}}}"""
                .formatted(tenant.projectId(), session == null ? "" : "\"serverSessionId\":\"" + session + "\",",
                        marker);
    }

    private JsonNode post(TestTenant tenant, String body) {
        return http.post().uri("/v1/events").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
