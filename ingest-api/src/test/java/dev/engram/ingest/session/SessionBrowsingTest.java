package dev.engram.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * What the viewer reads besides search: the key's projects, a project's sessions newest first (paged by keyset, with
 * counts and the first prompt), and a session's events each with the observations made from it.
 */
class SessionBrowsingTest extends IngestApiTest {

    private static final AtomicLong PROMPT_TIME = new AtomicLong(1_763_990_000_000L);

    @Test
    void projectsAreTheKeysOwn() {
        TestTenant tenant = newTenant();
        String second = tenant.addProject();
        TestTenant other = newTenant();

        List<String> teamWide = ids(get(tenant.apiKey(), "/v1/projects").get("projects"));
        List<String> projectKey = ids(get(tenant.newKey(second, List.of("memories:read")), "/v1/projects")
                .get("projects"));

        assertThat(teamWide).containsExactlyInAnyOrder(tenant.projectId(), second).doesNotContain(other.projectId());
        assertThat(projectKey).containsExactly(second);
    }

    @Test
    void sessionsNewestFirstWithTheirCountsAndFirstPrompt() {
        TestTenant tenant = newTenant();
        String older = startSession(tenant, "older");
        post(tenant.apiKey(), "/v1/events?generate=false", prompt(tenant.projectId(), "older", "fix the flaky retry"));
        post(tenant.apiKey(), "/v1/events?generate=false", toolUse(tenant.projectId(), "older"));
        post(tenant.apiKey(), "/v1/events?generate=false", prompt(tenant.projectId(), "older", "now the docs"));
        String newer = startSession(tenant, "newer");
        post(tenant.apiKey(), "/v1/sessions/" + newer + "/end", "{}");
        tenant.update("INSERT INTO observations (team_id, project_id, server_session_id, kind, content) "
                + "VALUES (?, ?, ?::uuid, 'decision', 'kept'), (?, ?, ?::uuid, 'summary', 'done')",
                tenant.teamId(), tenant.projectId(), older, tenant.teamId(), tenant.projectId(), older);

        JsonNode sessions = get(tenant.apiKey(), "/v1/projects/" + tenant.projectId() + "/sessions").get("sessions");

        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("session").get("id").asString()).isEqualTo(newer);
        assertThat(sessions.get(0).get("session").get("endedAtEpoch").isNull()).isFalse();
        assertThat(sessions.get(0).get("eventCount").asLong()).isZero();
        assertThat(sessions.get(0).get("firstPrompt").isNull()).isTrue();
        JsonNode first = sessions.get(1);
        assertThat(first.get("session").get("id").asString()).isEqualTo(older);
        assertThat(first.get("eventCount").asLong()).isEqualTo(3);
        assertThat(first.get("observationCount").asLong()).as("the summary is not counted").isEqualTo(1);
        assertThat(first.get("firstPrompt").asString()).isEqualTo("fix the flaky retry");
        assertThat(first.get("durationMs").asLong()).isNotNegative();
    }

    @Test
    void pagesFollowEachOtherWithoutGapOrRepeat() {
        TestTenant tenant = newTenant();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(0, startSession(tenant, "page-" + i));
        }
        List<String> seen = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            JsonNode page = get(tenant.apiKey(), "/v1/projects/" + tenant.projectId() + "/sessions?limit=2"
                    + (before == null ? "" : "&before=" + before));
            page.get("sessions").forEach(entry -> seen.add(entry.get("session").get("id").asString()));
            before = page.get("nextBefore").isNull() ? null : page.get("nextBefore").asString();
            pages++;
        } while (before != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(started);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badPagingIsA400NamingTheField() {
        TestTenant tenant = newTenant();
        String path = "/v1/projects/" + tenant.projectId() + "/sessions";

        JsonNode limit = refused(tenant.apiKey(), path + "?limit=500", 400);
        JsonNode before = refused(tenant.apiKey(), path + "?before=yesterday", 400);

        assertThat(limit.get("issues").get(0).get("path").get(0).asString()).isEqualTo("limit");
        assertThat(limit.get("issues").get(0).get("message").asString()).contains("100");
        assertThat(before.get("issues").get(0).get("path").get(0).asString()).isEqualTo("before");
        JsonNode farOff = refused(tenant.apiKey(), path + "?before=-9223372036854775808_" + UUID.randomUUID(), 400);
        assertThat(refused(tenant.apiKey(), path + "?before=9223372036854775807_" + UUID.randomUUID(), 400)
                .get("issues").get(0).get("path").get(0).asString()).isEqualTo("before");
        assertThat(farOff.get("issues").get(0).get("path").get(0).asString()).isEqualTo("before");
    }

    @Test
    void anotherTeamsOrASiblingsSessionsAreNotFound() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        startSession(tenant, "hidden");
        TestTenant other = newTenant();
        String siblingKey = tenant.newKey(sibling, List.of("memories:read"));
        String path = "/v1/projects/" + tenant.projectId() + "/sessions";

        assertThat(refused(other.apiKey(), path, 404).toString()).doesNotContain("hidden");
        assertThat(refused(siblingKey, path, 404).toString()).doesNotContain("hidden");
    }

    @Test
    void aSessionsEventsCarryTheObservationsMadeFromThem() {
        TestTenant tenant = newTenant();
        String session = startSession(tenant, "timeline");
        String prompt = post(tenant.apiKey(), "/v1/events?generate=false",
                prompt(tenant.projectId(), "timeline", "why is it flaky")).get("event").get("id").asString();
        String edit = post(tenant.apiKey(), "/v1/events?generate=false", toolUse(tenant.projectId(), "timeline"))
                .get("event").get("id").asString();
        String observation = tenant.text("INSERT INTO observations (team_id, project_id, server_session_id, kind, "
                + "content) VALUES (?, ?, ?::uuid, 'change', 'retry raised to 5') RETURNING id::text",
                tenant.teamId(), tenant.projectId(), session);
        tenant.update("INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id) "
                + "VALUES (?::uuid, ?, ?, 'agent_event', ?)", observation, tenant.teamId(), tenant.projectId(), edit);

        JsonNode answer = get(tenant.apiKey(), "/v1/sessions/" + session + "/events");

        JsonNode events = answer.get("events");
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("event").get("id").asString()).isEqualTo(prompt);
        assertThat(events.get(0).get("observationIds")).isEmpty();
        assertThat(events.get(1).get("event").get("id").asString()).isEqualTo(edit);
        assertThat(events.get(1).get("event").get("payload").get("tool_name").asString()).isEqualTo("Edit");
        assertThat(events.get(1).get("observationIds").get(0).asString()).isEqualTo(observation);
        refused(newTenant().apiKey(), "/v1/sessions/" + session + "/events", 404);
    }

    private String startSession(TestTenant tenant, String marker) {
        return post(tenant.apiKey(), "/v1/sessions/start", """
                {"projectId":"%s","externalSessionId":"ext-%s","contentSessionId":"session-%s",
                 "platformSource":"claude-code"}""".formatted(tenant.projectId(), marker, marker))
                .get("session").get("id").asString();
    }

    /** A prompt, each one later than the one before and all before {@link #toolUse}'s time. */
    private static String prompt(String projectId, String marker, String text) {
        return """
                {"projectId":"%s","sourceType":"hook","eventType":"user_prompt","occurredAtEpoch":%d,
                 "contentSessionId":"session-%s","platformSource":"claude-code","payload":{"prompt":"%s"}}"""
                .formatted(projectId, PROMPT_TIME.incrementAndGet(), marker, text);
    }

    private static List<String> ids(JsonNode projects) {
        List<String> ids = new ArrayList<>();
        projects.forEach(project -> ids.add(project.get("id").asString()));
        return ids;
    }

    private JsonNode get(String key, String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + key).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode refused(String key, String path, int status) {
        return http.get().uri(path).header("Authorization", "Bearer " + key).exchange().expectStatus()
                .isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode post(String key, String path, String body) {
        WebTestClient.ResponseSpec response = http.post().uri(path).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        return response.expectStatus().is2xxSuccessful().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
