package dev.engram.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/stream}: a project's rows as server-sent events — {@code ready}, the backlog oldest first, then each
 * new row once as it is written — and nothing of another project; refusals are problem details like anywhere else.
 */
class StreamRouteTest extends IngestApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ObservationFeed feed;
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() { };

    @Test
    void backlogThenEachNewRowOnceAndNothingOfAnotherProject() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        String first = memory(tenant, tenant.projectId(), "first: the retry backoff doubles");
        String second = memory(tenant, tenant.projectId(), "second: the deadline covers every attempt");

        StepVerifier.create(stream(tenant.apiKey(), tenant.projectId()))
                .assertNext(ready -> {
                    assertThat(ready.event()).isEqualTo("ready");
                    assertThat(JSON.readTree(ready.data()).get("projectId").asString()).isEqualTo(tenant.projectId());
                })
                .assertNext(row -> assertThat(row.id()).isEqualTo(first))
                .assertNext(row -> assertThat(row.id()).isEqualTo(second))
                .then(() -> {
                    memory(tenant, sibling, "a sibling's row, never in this stream");
                    memory(tenant, tenant.projectId(), "third: written while the stream is open");
                })
                .assertNext(row -> {
                    assertThat(row.event()).isEqualTo("observation");
                    JsonNode data = JSON.readTree(row.data());
                    assertThat(data.get("content").asString()).isEqualTo("third: written while the stream is open");
                    assertThat(data.get("projectId").asString()).isEqualTo(tenant.projectId());
                    assertThat(data.get("id").asString()).isEqualTo(row.id());
                })
                .then(() -> tenant.update("INSERT INTO observations (team_id, project_id, kind, content) "
                        + "VALUES (?, ?, 'summary', 'Request: fix the flaky test')", tenant.teamId(), tenant.projectId()))
                .assertNext(row -> {
                    assertThat(row.event()).isEqualTo("summary");
                    assertThat(row.data()).contains("fix the flaky test");
                })
                .expectNoEvent(Duration.ofSeconds(2))
                .thenCancel()
                .verify(Duration.ofSeconds(30));

        // opening the stream was a read of the backlog, audited off the request path like a search
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tenant.count(
                "SELECT count(*) FROM audit_log WHERE team_id = ? AND project_id = ? AND action = 'observation.read' "
                        + "AND details->>'via' = 'stream' AND (details->>'count')::int = 2 "
                        + "AND details->'ids' @> jsonb_build_array(?::text, ?::text)",
                tenant.teamId(), tenant.projectId(), first, second)).isOne());
    }

    @Test
    void twoStreamsOfOneProjectEachGetTheRowOnce() {
        TestTenant tenant = newTenant();
        Flux<ServerSentEvent<String>> one = stream(tenant.apiKey(), tenant.projectId()).skip(1);
        Flux<ServerSentEvent<String>> two = stream(tenant.newKey(tenant.projectId(), List.of("memories:read")),
                tenant.projectId()).skip(1);

        StepVerifier.create(Flux.merge(one, two).map(ServerSentEvent::data).take(2).collectList())
                .then(() -> memory(tenant, tenant.projectId(), "shared by two streams"))
                .assertNext(rows -> assertThat(rows).hasSize(2)
                        .allSatisfy(row -> assertThat(row).contains("shared by two streams")))
                .verifyComplete();
    }

    @Test
    void aProjectNoStreamWatchesAnyMoreHasNoFeedLeft() {
        TestTenant tenant = newTenant();

        StepVerifier.create(feed.live(tenant.teamId(), tenant.projectId()))
                .then(() -> assertThat(feed.watches(tenant.teamId(), tenant.projectId())).isTrue())
                .then(() -> memory(tenant, tenant.projectId(), "seen by the one stream"))
                .assertNext(row -> assertThat(row.observation().content()).isEqualTo("seen by the one stream"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));

        // the last stream closed: its poll stops and the feed leaves the map (a map entry per project ever watched
        // would grow for as long as the server runs). The cancel travels up from the thread that delivered the row,
        // which may still be finishing its poll when the verifier returns: allow it a moment, not forever.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(feed.watches(tenant.teamId(), tenant.projectId())).isFalse());
        // (a new feed starts from the rows of the last overlap, so it may show the first row again)
        StepVerifier.create(feed.live(tenant.teamId(), tenant.projectId())
                        .filter(row -> !row.observation().content().equals("seen by the one stream")))
                .then(() -> memory(tenant, tenant.projectId(), "a new feed reads on"))
                .assertNext(row -> assertThat(row.observation().content()).isEqualTo("a new feed reads on"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void refusalsAreProblemDetails() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        String projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read"));

        assertThat(refused(null, "?projectId=" + tenant.projectId(), 401).get("error").asString())
                .isEqualTo("Unauthorized");
        assertThat(refused(newTenant().apiKey(), "?projectId=" + tenant.projectId(), 404).get("message").asString())
                .isEqualTo("Project not found");
        assertThat(refused(projectKey, "?projectId=" + sibling, 403).get("message").asString())
                .isEqualTo("API key is scoped to a different project");
        JsonNode missing = refused(tenant.apiKey(), "", 400);
        assertThat(missing.get("issues").get(0).get("path").get(0).asString()).isEqualTo("projectId");
    }

    private Flux<ServerSentEvent<String>> stream(String key, String projectId) {
        return http.get().uri("/v1/stream?projectId=" + projectId).header("Authorization", "Bearer " + key)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(EVENT).getResponseBody()
                .filter(event -> event.event() != null);
    }

    private JsonNode refused(String key, String query, int status) {
        var request = http.get().uri("/v1/stream" + query).accept(MediaType.TEXT_EVENT_STREAM);
        if (key != null) {
            request = request.header("Authorization", "Bearer " + key);
        }
        String body = request.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private String memory(TestTenant tenant, String projectId, String content) {
        JsonNode created = http.post().uri("/v1/memories").header("Authorization", "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"projectId":"%s","content":"%s"}""".formatted(projectId, content))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return created.get("memory").get("id").asString();
    }
}
