package dev.engram.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenancy matrix: every route, asked with a key of the same project, a project key naming a sibling project's
 * resource, another team's key, a revoked key, an expired key and a key missing the route's scope, answers the
 * documented status (docs/api.md), and no refusal carries anything of the resource it refused. The live stream,
 * {@code GET /v1/stream}, never ends when it is allowed, so StreamRouteTest asks it instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationMatrixTest extends IngestApiTest {

    private static final String SECRET = "matrix-secret-" + UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Scope { READ, WRITE, ADMIN }

    /**
     * A route: {@code path} and {@code body} may name {@code {project}}, {@code {team}}, {@code {event}},
     * {@code {job}}, {@code {session}}, {@code {memory}}, {@code {key}}; {@code foreign} is the status for another team's (or a
     * sibling project's, with a project key) resource; {@code destructive} routes are asked only to be refused.
     */
    record Route(HttpMethod method, String path, String body, Scope scope, int foreign, boolean destructive) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private TestTenant tenant;
    private String sibling;
    private TestTenant other;
    private Map<String, String> own;
    private Map<String, String> siblings;
    private String projectKey;
    private String readOnlyKey;
    private String revokedKey;
    private String expiredKey;
    private String otherTeamKey;

    @BeforeAll
    void resources() {
        tenant = newTenant();
        sibling = tenant.addProject();
        other = newTenant();
        own = resourcesOf(tenant, tenant.projectId());
        siblings = resourcesOf(tenant, sibling);
        projectKey = tenant.newKey(tenant.projectId(), List.of("memories:read", "memories:write", "memories:admin"));
        readOnlyKey = tenant.newKey(tenant.projectId(), List.of("memories:read"));
        revokedKey = tenant.newKey(tenant.projectId(), List.of("*"));
        expiredKey = tenant.newKey(tenant.projectId(), List.of("*"));
        tenant.update("UPDATE api_keys SET revoked_at = now() WHERE team_id = ? AND id = (SELECT id FROM api_keys "
                + "WHERE key_hash = ?)", tenant.teamId(), ApiKeys.hash(revokedKey));
        tenant.update("UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE key_hash = ?",
                ApiKeys.hash(expiredKey));
        otherTeamKey = other.newKey(null, List.of("*"));
    }

    static Stream<Route> routes() {
        String event = """
                {"projectId":"{project}","sourceType":"hook","eventType":"tool_use","occurredAtEpoch":1764000000000,
                 "contentSessionId":"matrix","payload":{"tool_name":"Read","tool_input":{"file_path":"a.java"}}}""";
        return Stream.of(
                new Route(HttpMethod.POST, "/v1/events?generate=false", event, Scope.WRITE, 403, false),
                new Route(HttpMethod.POST, "/v1/events/batch?generate=false", "[" + event + "]", Scope.WRITE, 403, false),
                new Route(HttpMethod.GET, "/v1/events/{event}", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/events/{event}/observations", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/jobs/{job}", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/projects/{project}/jobs", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/projects/{project}/sessions", "", Scope.READ, 404, false),
                new Route(HttpMethod.POST, "/v1/jobs/{job}/cancel", "", Scope.WRITE, 404, true),
                new Route(HttpMethod.POST, "/v1/jobs/{job}/retry", "", Scope.WRITE, 404, true),
                new Route(HttpMethod.POST, "/v1/sessions/start", """
                        {"projectId":"{project}","externalSessionId":"matrix-start"}""", Scope.WRITE, 403, false),
                new Route(HttpMethod.GET, "/v1/sessions/{session}", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/sessions/{session}/observations", "", Scope.READ, 404, false),
                new Route(HttpMethod.GET, "/v1/sessions/{session}/events", "", Scope.READ, 404, false),
                new Route(HttpMethod.POST, "/v1/sessions/{session}/end", "{}", Scope.WRITE, 404, true),
                new Route(HttpMethod.POST, "/v1/memories", """
                        {"projectId":"{project}","content":"a matrix memory"}""", Scope.WRITE, 403, false),
                new Route(HttpMethod.DELETE, "/v1/memories/{memory}", "", Scope.WRITE, 404, true),
                new Route(HttpMethod.DELETE, "/v1/projects/{project}/memory", "", Scope.WRITE, 404, true),
                new Route(HttpMethod.POST, "/v1/search", """
                        {"projectId":"{project}","query":"matrix secret","mode":"fulltext"}""", Scope.READ, 404, false),
                new Route(HttpMethod.POST, "/v1/context", """
                        {"projectId":"{project}","query":"matrix secret"}""", Scope.READ, 404, false),
                new Route(HttpMethod.POST, "/v1/hooks/claude-code/session-start?projectId={project}", """
                        {"session_id":"matrix","hook_event_name":"SessionStart","source":"startup",
                         "cwd":"/work/app"}""", Scope.READ, 404, false),
                new Route(HttpMethod.DELETE, "/v1/keys/{key}", "", Scope.WRITE, 404, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachKeyGetsTheDocumentedStatusAndNoRefusalLeaks(Route route) {
        if (!route.destructive()) {
            assertThat(call(route, projectKey, own).getStatus().is2xxSuccessful())
                    .as("%s with a key of the same project", route).isTrue();
        }
        // a project key naming its sibling's resource: 403 when the body or the query names the project, 404 for a
        // path id
        boolean namedProject = route.body().contains("{project}") || route.path().contains("={project}");
        refused(route, projectKey, siblings, namedProject && !route.path().contains("/{project}") ? 403 : 404,
                "a project key and its sibling project");
        refused(route, otherTeamKey, own, route.foreign(), "another team's key");
        refused(route, revokedKey, own, 403, "a revoked key");
        refused(route, expiredKey, own, 403, "an expired key");
        if (route.scope() == Scope.WRITE) {
            refused(route, readOnlyKey, own, 403, "a read-only key");
        }
    }

    /** Routes of the key's team as a whole: another team's key sees nothing of this team's. */
    static Stream<Route> teamRoutes() {
        return Stream.of(
                new Route(HttpMethod.GET, "/v1/jobs", "", Scope.READ, 200, false),
                new Route(HttpMethod.GET, "/v1/jobs?include=payload", "", Scope.ADMIN, 200, false),
                new Route(HttpMethod.GET, "/v1/teams/{team}/jobs", "", Scope.READ, 404, false),
                new Route(HttpMethod.POST, "/v1/jobs/requeue", "{}", Scope.ADMIN, 200, false),
                new Route(HttpMethod.GET, "/v1/audit", "", Scope.ADMIN, 200, false),
                new Route(HttpMethod.GET, "/v1/usage", "", Scope.READ, 200, false),
                new Route(HttpMethod.GET, "/v1/info", "", Scope.READ, 200, false),
                new Route(HttpMethod.GET, "/v1/projects", "", Scope.READ, 200, false),
                new Route(HttpMethod.GET, "/v1/connect", "", Scope.READ, 200, false),
                new Route(HttpMethod.POST, "/v1/keys", "{\"label\":\"matrix\"}", Scope.WRITE, 201, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("teamRoutes")
    void teamRoutesShowAnotherTeamNothingAndRefuseBadKeys(Route route) {
        assertThat(call(route, projectKey, own).getStatus().is2xxSuccessful()).as("%s with a key of the team", route)
                .isTrue();
        EntityExchangeResult<String> foreign = call(route, otherTeamKey, own);
        assertThat(foreign.getStatus().value()).as("%s with another team's key: %s", route, foreign.getResponseBody())
                .isEqualTo(route.foreign());
        assertThat(foreign.getResponseBody()).as("%s with another team's key", route).doesNotContain(SECRET)
                .doesNotContain(own.get("job")).doesNotContain(own.get("event")).doesNotContain(tenant.projectId());
        refused(route, revokedKey, own, 403, "a revoked key");
        refused(route, expiredKey, own, 403, "an expired key");
        if (route.scope() == Scope.WRITE) {
            refused(route, readOnlyKey, own, 403, "a read-only key");
        }
        if (route.scope() == Scope.ADMIN) {
            refused(route, readOnlyKey, own, 403, "a key without the admin scope");
        }
    }

    /**
     * The legacy hook routes take their project from the key: another team's project key writes only into its own
     * project (its session is not this tenant's), a team-wide key is refused, and bad keys are refused as anywhere.
     */
    static Stream<Route> keyProjectRoutes() {
        return Stream.of(
                new Route(HttpMethod.POST, "/api/sessions/observations", """
                        {"contentSessionId":"matrix-legacy","tool_name":"Read","tool_input":{"file_path":"a.java"},
                         "tool_response":"ok"}""", Scope.WRITE, 200, false),
                new Route(HttpMethod.POST, "/api/sessions/summarize", """
                        {"contentSessionId":"matrix-legacy","last_assistant_message":"done"}""", Scope.WRITE, 200,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyProjectRoutes")
    void legacyRoutesStayInsideTheKeysProject(Route route) {
        EntityExchangeResult<String> mine = call(route, projectKey, own);
        assertThat(mine.getStatus().value()).as("%s with a key of the project: %s", route, mine.getResponseBody())
                .isEqualTo(200);
        String mySession = JSON.readTree(mine.getResponseBody()).get("serverSessionId").asString();

        String otherProjectKey = other.newKey(other.projectId(), List.of("memories:read", "memories:write"));
        EntityExchangeResult<String> theirs = call(route, otherProjectKey, own);
        assertThat(theirs.getStatus().value()).as("%s with another team's key", route).isEqualTo(200);
        assertThat(theirs.getResponseBody()).doesNotContain(mySession).doesNotContain(SECRET);
        assertThat(other.count("SELECT count(*) FROM sessions WHERE id = ?::uuid AND team_id = ?", mySession,
                tenant.teamId())).isOne();

        refused(route, tenant.newKey(null, List.of("*")), own, 400, "a team-wide key");
        refused(route, revokedKey, own, 403, "a revoked key");
        refused(route, expiredKey, own, 403, "an expired key");
        refused(route, readOnlyKey, own, 403, "a read-only key");
    }

    /** MCP tools: another team's project is not found, a sibling is refused to a project key, bad keys never get in. */
    @org.junit.jupiter.api.Test
    void mcpToolsSeeOnlyTheKeysTenant() {
        String search = """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search",
                 "arguments":{"projectId":"%s","query":"matrix secret"}}}""";
        assertThat(mcp(projectKey, search.formatted(tenant.projectId()))).contains(SECRET);
        assertThat(mcp(otherTeamKey, search.formatted(tenant.projectId()))).contains("Project not found")
                .contains("\"isError\":true").doesNotContain(SECRET);
        assertThat(mcp(projectKey, search.formatted(sibling))).contains("API key is scoped to a different project")
                .doesNotContain(SECRET);
        for (String bad : List.of(revokedKey, expiredKey)) {
            EntityExchangeResult<String> refused = http.post().uri("/v1/mcp").header("Authorization", "Bearer " + bad)
                    .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(search.formatted(tenant.projectId())).exchange().expectBody(String.class).returnResult();
            assertThat(refused.getStatus().value()).isEqualTo(403);
            assertThat(refused.getResponseBody()).doesNotContain(SECRET);
        }
    }

    private String mcp(String key, String body) {
        EntityExchangeResult<String> result = http.post().uri("/v1/mcp").header("Authorization", "Bearer " + key)
                .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(200);
        return result.getResponseBody();
    }

    private void refused(Route route, String key, Map<String, String> resources, int status, String who) {
        EntityExchangeResult<String> result = call(route, key, resources);
        assertThat(result.getStatus().value()).as("%s with %s: %s", route, who, result.getResponseBody())
                .isEqualTo(status);
        assertThat(result.getResponseBody()).as("%s with %s", route, who).doesNotContain(SECRET);
        JsonNode problem = JSON.readTree(result.getResponseBody());
        assertThat(problem.has("error")).as("%s with %s answers a problem", route, who).isTrue();
    }

    private EntityExchangeResult<String> call(Route route, String key, Map<String, String> resources) {
        String path = fill(route.path(), resources);
        WebTestClient.RequestBodySpec request = http.method(route.method()).uri(path)
                .header("Authorization", "Bearer " + key);
        WebTestClient.RequestHeadersSpec<?> spec = route.body().isEmpty() ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(fill(route.body(), resources));
        return spec.exchange().expectBody(String.class).returnResult();
    }

    private String fill(String template, Map<String, String> resources) {
        String filled = template;
        for (Map.Entry<String, String> entry : resources.entrySet()) {
            filled = filled.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return filled.replace("{team}", tenant.teamId());
    }

    /** An event (with its job), a session and a memory holding the secret, in {@code project}. */
    private Map<String, String> resourcesOf(TestTenant owner, String project) {
        String key = owner.newKey(null, List.of("*"));
        JsonNode created = http.post().uri("/v1/events").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(toolUse(project, SECRET + "-" + project))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode session = http.post().uri("/v1/sessions/start").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"projectId":"%s","externalSessionId":"matrix-%s"}""".formatted(project, UUID.randomUUID()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode memory = http.post().uri("/v1/memories").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"projectId":"%s","content":"%s"}""".formatted(project, SECRET))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode minted = http.post().uri("/v1/keys")
                .header("Authorization", "Bearer " + owner.newKey(project, List.of("memories:read", "memories:write")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return Map.of("project", project, "event", created.get("event").get("id").asString(),
                "job", created.get("generationJob").get("id").asString(),
                "session", session.get("session").get("id").asString(),
                "memory", memory.get("memory").get("id").asString(),
                "key", minted.get("id").asString());
    }
}
