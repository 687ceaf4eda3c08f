package dev.engram.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** {@code ?wait=true}: no processor runs in this context, so the test itself plays the processor. */
class WaitForJobTest extends IngestApiTest {

    @Test
    void waitAnswersWithTheTerminalJobAsSoonAsItFinishes() {
        TestTenant tenant = newTenant();
        CompletableFuture<JsonNode> response = CompletableFuture.supplyAsync(() ->
                post(tenant, "/v1/events?wait=true", toolUse(tenant.projectId(), "wait-done")));

        await().atMost(Duration.ofSeconds(2)).until(() ->
                tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId()) == 1);
        long finished = System.nanoTime();
        tenant.update("UPDATE generation_jobs SET status = 'completed', attempts = 1, completed_at = now() "
                + "WHERE team_id = ?", tenant.teamId());

        JsonNode body = response.join();
        // Woken by the completion poll (every 10 ms), long before the 3 s deadline would re-read the job.
        assertThat(Duration.ofNanos(System.nanoTime() - finished)).isLessThan(Duration.ofMillis(500));
        assertThat(body.get("waitTimedOut").asBoolean()).isFalse();
        assertThat(body.get("generationJob").get("status").asString()).isEqualTo("completed");
        assertThat(body.get("generationJob").get("attempts").asInt()).isOne();
        assertThat(body.get("generationJob").get("maxAttempts").asInt()).isEqualTo(3);
    }

    @Test
    void waitGivesUpAtTheConfiguredTimeoutAndSaysSo() {
        TestTenant tenant = newTenant();

        JsonNode body = post(tenant, "/v1/events?wait=true", toolUse(tenant.projectId(), "wait-timeout"));

        assertThat(body.get("waitTimedOut").asBoolean()).isTrue();
        assertThat(body.get("generationJob").get("status").asString()).isEqualTo("queued");
    }

    @Test
    void batchWaitSharesOneDeadlineAndFlagsEachItem() {
        TestTenant tenant = newTenant();
        String batch = "[" + toolUse(tenant.projectId(), "b1") + "," + toolUse(tenant.projectId(), "b2") + "]";
        CompletableFuture<JsonNode> response = CompletableFuture.supplyAsync(() ->
                post(tenant, "/v1/events/batch?wait=true", batch));

        await().atMost(Duration.ofSeconds(2)).until(() ->
                tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId()) == 2);
        String first = tenant.text("SELECT j.id FROM generation_jobs j JOIN agent_events e ON e.id = j.agent_event_id "
                + "WHERE j.team_id = ? AND e.payload->>'tool_response' = 'ok b1'", tenant.teamId());
        tenant.update("UPDATE generation_jobs SET status = 'failed', failed_at = now() WHERE id = ?", first);

        JsonNode body = response.join();
        assertThat(body.get("waitTimedOut").asBoolean()).isTrue();
        assertThat(body.get("events").get(0).get("waitTimedOut").asBoolean()).isFalse();
        assertThat(body.get("events").get(0).get("generationJob").get("status").asString()).isEqualTo("failed");
        assertThat(body.get("events").get(1).get("waitTimedOut").asBoolean()).isTrue();
    }

    @Test
    void waitOtherThanTrueOrFalseIs400() {
        TestTenant tenant = newTenant();
        http.post().uri("/v1/events?wait=1").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(tenant.projectId(), "w"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.issues[0].path[0]").isEqualTo("wait");
    }

    private JsonNode post(TestTenant tenant, String uri, String body) {
        return http.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
