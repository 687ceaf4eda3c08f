package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The error table: each client mistake gets its own 4xx problem detail, and nothing is written. */
class ErrorResponsesTest extends IngestApiTest {

    @LocalServerPort
    int port;

    @Test
    void malformedJsonIs400WithAProblemDetail() {
        TestTenant tenant = newTenant();
        JsonNode problem = postEvent(tenant.apiKey(), "{\"projectId\": \"p\", ", HttpStatus.BAD_REQUEST);

        assertThat(problem.get("error").asString()).isEqualTo("ValidationError");
        assertThat(problem.get("type").asString()).isEqualTo("https://engram.dev/problems/validation");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).startsWith("Malformed JSON");
        assertNothingWritten(tenant);
    }

    @Test
    void missingFieldIs400NamingTheField() {
        TestTenant tenant = newTenant();
        String body = """
                {"projectId":"%s","sourceType":"hook","occurredAtEpoch":1}""".formatted(tenant.projectId());
        JsonNode problem = postEvent(tenant.apiKey(), body, HttpStatus.BAD_REQUEST);

        JsonNode issue = problem.get("issues").get(0);
        assertThat(issue.get("path").get(0).asString()).isEqualTo("eventType");
        assertThat(issue.get("message").asString()).isEqualTo("is required");
        assertThat(problem.get("issues")).hasSize(1);
        assertNothingWritten(tenant);
    }

    @Test
    void invalidFieldsAre400ListingEveryOffendingFieldWithItsLimit() {
        TestTenant tenant = newTenant();
        String body = """
                {"projectId":"%s","sourceType":"telepathy","eventType":"tool_use","occurredAtEpoch":-5,
                 "metadata":[1]}""".formatted(tenant.projectId());
        JsonNode problem = postEvent(tenant.apiKey(), body, HttpStatus.BAD_REQUEST);

        List<String> fields = problem.get("issues").valueStream().map(i -> i.get("path").get(0).asString()).toList();
        assertThat(fields).containsExactly("sourceType", "occurredAtEpoch", "metadata");
        assertThat(problem.get("issues").get(1).get("message").asString()).contains("between 0 and");
        assertNothingWritten(tenant);
    }

    @Test
    void aNulCharacterInAStringFieldIs400NamingTheFieldAndNothingIsWritten() {
        TestTenant tenant = newTenant();
        String body = """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1,
                 "payload":{"tool_name":"Read","tool_input":{"file_path":"src/a\\u0000b.java"}}}"""
                .formatted(tenant.projectId());
        JsonNode problem = postEvent(tenant.apiKey(), body, HttpStatus.BAD_REQUEST);

        JsonNode issue = problem.get("issues").get(0);
        assertThat(issue.get("path").valueStream().map(JsonNode::asString).toList())
                .containsExactly("payload", "tool_input", "file_path");
        assertThat(issue.get("message").asString()).contains("NUL character (U+0000)");
        assertNothingWritten(tenant);
    }

    @Test
    void aPathIdLongerThanTheLimitIs414WithAProblemDetailNamingTheLimit() throws Exception {
        TestTenant tenant = newTenant();
        HttpResponse<String> response = rawGet(tenant, "/v1/jobs/" + "a".repeat(9000));

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(414);
        assertThat(problem.get("detail").asString()).contains("9009 characters").contains("limit is 8192");
        // a long id under the limit is simply not found, as any unknown id
        assertThat(rawGet(tenant, "/v1/jobs/" + "a".repeat(5000)).statusCode()).isEqualTo(404);
    }

    @Test
    void anEncodedNulInThePathIs400InsteadOfReachingTheDatabase() throws Exception {
        TestTenant tenant = newTenant();
        HttpResponse<String> response = rawGet(tenant, "/v1/jobs/evt_%00x");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("issues").get(0).get("path").get(0).asString()).isEqualTo("path");
    }

    private HttpResponse<String> rawGet(TestTenant tenant, String target) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void queryFlagOtherThanTrueOrFalseIs400() {
        TestTenant tenant = newTenant();
        JsonNode problem = http.post().uri("/v1/events?generate=yes")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(tenant.projectId(), "q"))
                .exchange().expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("issues").get(0).get("path").get(0).asString()).isEqualTo("generate");
        assertNothingWritten(tenant);
    }

    @Test
    void requestWithoutKeyIs401() {
        TestTenant tenant = newTenant();
        JsonNode problem = http.post().uri("/v1/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(tenant.projectId(), "nokey"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("error").asString()).isEqualTo("Unauthorized");
        assertThat(problem.get("message").asString()).startsWith("Missing API key");
        assertNothingWritten(tenant);
    }

    @Test
    void unknownKeyIs403() {
        TestTenant tenant = newTenant();
        JsonNode problem = postEvent("cm_000000000000000000000000000000000000000000000000",
                toolUse(tenant.projectId(), "badkey"), HttpStatus.FORBIDDEN);

        assertThat(problem.get("message").asString()).isEqualTo("Invalid API key or insufficient scope");
        assertNothingWritten(tenant);
    }

    @Test
    void revokedKeyIs403AtOnce() {
        TestTenant tenant = newTenant();
        tenant.update("UPDATE api_keys SET revoked_at = now() WHERE team_id = ?", tenant.teamId());

        postEvent(tenant.apiKey(), toolUse(tenant.projectId(), "revoked"), HttpStatus.FORBIDDEN);
        assertNothingWritten(tenant);
    }

    @Test
    void readOnlyKeyWritingIs403ForMissingScope() {
        TestTenant tenant = newTenant();
        String readOnly = tenant.newKey(null, List.of("memories:read"));
        JsonNode problem = postEvent(readOnly, toolUse(tenant.projectId(), "scope"), HttpStatus.FORBIDDEN);

        assertThat(problem.get("error").asString()).isEqualTo("Forbidden");
        assertNothingWritten(tenant);
    }

    @Test
    void projectOfAnotherTeamIs403AndNothingIsWritten() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        JsonNode problem = postEvent(tenant.apiKey(), toolUse(other.projectId(), "foreign"), HttpStatus.FORBIDDEN);

        assertThat(problem.get("message").asString()).isEqualTo("project_id must belong to team_id");
        assertNothingWritten(tenant);
        assertNothingWritten(other);
    }

    @Test
    void projectScopedKeyNamingASiblingProjectIs403() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        String scoped = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write"));
        JsonNode problem = postEvent(scoped, toolUse(sibling, "sibling"), HttpStatus.FORBIDDEN);

        assertThat(problem.get("message").asString()).isEqualTo("API key is scoped to a different project");
        assertNothingWritten(tenant);
    }

    @Test
    void anotherTenantsEventAndJobAre404NotForbidden() {
        TestTenant owner = newTenant();
        TestTenant stranger = newTenant();
        JsonNode created = http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + owner.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(owner.projectId(), "mine"))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String eventId = created.get("event").get("id").asString();
        String jobId = created.get("generationJob").get("id").asString();

        for (String path : List.of("/v1/events/" + eventId, "/v1/events/" + eventId + "/observations",
                "/v1/jobs/" + jobId)) {
            JsonNode problem = get(stranger.apiKey(), path).expectStatus().isNotFound()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.get("error").asString()).isEqualTo("NotFound");
        }
        get(owner.apiKey(), "/v1/events/not-a-uuid").expectStatus().isNotFound();
    }

    @Test
    void siblingProjectsJobIs404ForAProjectScopedKey() {
        TestTenant tenant = newTenant();
        String sibling = tenant.addProject();
        String jobId = http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(sibling, "sib"))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("generationJob").get("id").asString();
        String scoped = tenant.newKey(tenant.projectId(), List.of("memories:read"));

        get(scoped, "/v1/jobs/" + jobId).expectStatus().isNotFound();
        get(tenant.apiKey(), "/v1/jobs/" + jobId).expectStatus().isOk();
    }

    @Test
    void bodyOverTheLimitIs413NamingTheLimit() {
        TestTenant tenant = newTenant();
        String big = "x".repeat(520 * 1024);
        String body = """
                {"projectId":"%s","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1,
                 "payload":{"tool_response":"%s"}}""".formatted(tenant.projectId(), big);
        JsonNode problem = postEvent(tenant.apiKey(), body, HttpStatus.CONTENT_TOO_LARGE);

        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asString()).contains("524288 bytes").contains("engram.ingest.max-body-size");
        assertNothingWritten(tenant);
    }

    @Test
    void unknownRouteIs404ProblemAndNeverAStackTrace() {
        TestTenant tenant = newTenant();
        String body = get(tenant.apiKey(), "/v1/nothing-here").expectStatus().isNotFound()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"status\":404").doesNotContain("at dev.engram").doesNotContain("Exception");
    }

    private JsonNode postEvent(String key, String body, HttpStatus expected) {
        return http.post().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(expected)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec get(String key, String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }

    private static void assertNothingWritten(TestTenant tenant) {
        assertThat(tenant.count("SELECT count(*) FROM agent_events WHERE team_id = ?", tenant.teamId())).isZero();
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ?", tenant.teamId())).isZero();
    }
}
