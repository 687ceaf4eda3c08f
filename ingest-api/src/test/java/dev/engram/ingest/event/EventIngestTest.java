package dev.engram.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobIds;
import dev.engram.core.job.JobKind;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class EventIngestTest extends IngestApiTest {

    @Test
    void writesEventJobAndOutboxRowInOneGoAndAnswersTheContractShape() {
        TestTenant tenant = newTenant();
        JsonNode body = post(tenant, toolUse(tenant.projectId(), "a"), "");

        JsonNode event = body.get("event");
        String eventId = event.get("id").asString();
        // time-ordered ids (TimeOrderedIds): new index entries append instead of landing on random pages
        assertThat(UUID.fromString(eventId).version()).isEqualTo(7);
        assertThat(event.get("projectId").asString()).isEqualTo(tenant.projectId());
        assertThat(event.get("teamId").asString()).isEqualTo(tenant.teamId());
        assertThat(event.get("sourceAdapter").asString()).isEqualTo("hook");
        assertThat(event.get("platformSource").asString()).isEqualTo("claude-code");
        assertThat(event.get("occurredAtEpoch").asLong()).isEqualTo(1764000000000L);
        assertThat(event.get("payload").get("tool_name").asString()).isEqualTo("Edit");

        JsonNode job = body.get("generationJob");
        String expectedJobId = JobIds.jobId(JobKind.EVENT, tenant.teamId(), tenant.projectId(), eventId);
        assertThat(job.get("id").asString()).isEqualTo(expectedJobId).doesNotContain(":");
        assertThat(job.get("bullmqJobId").asString()).isEqualTo(expectedJobId);
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(job.get("sourceType").asString()).isEqualTo("agent_event");
        assertThat(job.get("sourceId").asString()).isEqualTo(eventId);

        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ?", expectedJobId)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", expectedJobId)).isOne();
        assertThat(UUID.fromString(tenant.text("SELECT id::text FROM outbox WHERE aggregateid = ?", expectedJobId))
                .version()).isEqualTo(7);
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'queued'",
                expectedJobId)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'event.received' "
                + "AND resource_id = ? AND details->>'generationJobId' = ?", tenant.teamId(), eventId, expectedJobId))
                .isOne();
    }

    @Test
    void samePostTwiceReturnsTheSameEventAndJobAndWritesNothingNew() {
        TestTenant tenant = newTenant();
        JsonNode first = post(tenant, toolUse(tenant.projectId(), "same"), "");
        JsonNode second = post(tenant, toolUse(tenant.projectId(), "same"), "");

        assertThat(second.get("event").get("id").asString()).isEqualTo(first.get("event").get("id").asString());
        assertThat(second.get("generationJob").get("id").asString())
                .isEqualTo(first.get("generationJob").get("id").asString());
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?",
                first.get("generationJob").get("id").asString())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events WHERE job_id = ? AND event_type = 'queued'",
                first.get("generationJob").get("id").asString())).isOne();
    }

    @Test
    void concurrentIdenticalPostsCollapseOntoOneEvent() {
        TestTenant tenant = newTenant();
        String body = toolUse(tenant.projectId(), "race");
        List<CompletableFuture<JsonNode>> posts = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(tenant, body, "")))
                .toList();
        List<String> ids = posts.stream().map(CompletableFuture::join)
                .map(response -> response.get("event").get("id").asString()).distinct().toList();

        assertThat(ids).hasSize(1);
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs j ON j.id = o.aggregateid "
                + "WHERE j.team_id = ?", tenant.teamId())).isOne();
    }

    @Test
    void generateFalseWritesTheEventWithoutJobOrOutboxRow() {
        TestTenant tenant = newTenant();
        JsonNode body = post(tenant, toolUse(tenant.projectId(), "quiet"), "?generate=false");

        assertThat(body.has("generationJob")).isFalse();
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isZero();
        assertThat(tenant.count("SELECT count(*) FROM outbox o WHERE o.payload->>'team_id' = ?", tenant.teamId()))
                .isZero();
    }

    @Test
    void readsTheEventBackAndItsJobWithinTheTenant() {
        TestTenant tenant = newTenant();
        JsonNode body = post(tenant, toolUse(tenant.projectId(), "read"), "");
        String eventId = body.get("event").get("id").asString();
        String jobId = body.get("generationJob").get("id").asString();

        JsonNode event = get(tenant.apiKey(), "/v1/events/" + eventId);
        assertThat(event.get("event").get("id").asString()).isEqualTo(eventId);

        JsonNode job = get(tenant.apiKey(), "/v1/jobs/" + jobId).get("generationJob");
        assertThat(job.get("agentEventId").asString()).isEqualTo(eventId);
        assertThat(job.get("jobType").asString()).isEqualTo("event");
        assertThat(job.get("maxAttempts").asInt()).isEqualTo(3);

        JsonNode observations = get(tenant.apiKey(), "/v1/events/" + eventId + "/observations");
        assertThat(observations.get("eventId").asString()).isEqualTo(eventId);
        assertThat(observations.get("observations").isArray()).isTrue();
    }

    @Test
    void relayPublishesTheJobAndMarksTheOutboxRow() {
        TestTenant tenant = newTenant();
        String jobId = post(tenant, toolUse(tenant.projectId(), "relay"), "").get("generationJob").get("id").asString();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL",
                    jobId)).isOne();
            assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE id = ? AND enqueued_at IS NOT NULL",
                    jobId)).isOne();
        });
        JsonNode job = get(tenant.apiKey(), "/v1/jobs/" + jobId).get("generationJob");
        assertThat(job.get("transport").asString()).isEqualTo("enqueued");
    }

    private JsonNode post(TestTenant tenant, String body, String query) {
        return http.post().uri("/v1/events" + query)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CREATED)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String key, String path) {
        return http.get().uri(path)
                .header("X-Api-Key", key)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

}
