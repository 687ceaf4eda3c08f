package dev.engram.ingest.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/mcp} driven by the official MCP Java SDK's streamable-HTTP client against the running app,
 * and the wire rules claude-mem's clients rely on, checked on the raw HTTP exchange.
 */
class McpEndpointTest extends IngestApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static TestTenant tenant;
    static TestTenant otherTeam;

    @LocalServerPort
    int port;

    @BeforeAll
    static void memory() {
        tenant = newTenant();
        otherTeam = newTenant();
        for (TestTenant t : List.of(tenant, otherTeam)) {
            for (int i = 0; i < 5; i++) {
                t.update("INSERT INTO observations (team_id, project_id, kind, content, generation_key, created_at) "
                        + "VALUES (?, ?, 'decision', ?, ?, now() - make_interval(secs => ?))", t.teamId(), t.projectId(),
                        "Retry backoff decision " + i + " of team " + t.teamId(), "mcp:" + i, 100.0 - i);
            }
        }
    }

    @Test
    void theSdkClientInitializesListsAndCallsEachTool() throws Exception {
        try (McpSyncClient client = client(tenant.apiKey())) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("engram");
            assertThat(init.capabilities().tools()).isNotNull();
            assertThat(init.capabilities().resources()).isNull();

            Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
            client.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
            assertThat(tools).containsOnlyKeys("search", "context", "recent");
            assertThat(tools.get("search").inputSchema().get("required")).isEqualTo(List.of("projectId", "query"));
            assertThat(tools.get("recent").inputSchema().get("required")).isEqualTo(List.of("projectId"));
            assertThat(limitSchema(tools.get("context"))).contains("maximum=50");
            assertThat(limitSchema(tools.get("search"))).contains("minimum=1").contains("maximum=100")
                    .contains("integer");

            JsonNode search = text(client.callTool(call("search", Map.of("projectId", tenant.projectId(),
                    "query", "backoff", "limit", 3))));
            assertThat(search.get("observations")).hasSize(3);
            JsonNode context = text(client.callTool(call("context", Map.of("projectId", tenant.projectId(),
                    "query", "retry"))));
            assertThat(context.get("context").asString()).contains("Retry backoff decision");
            JsonNode recent = text(client.callTool(call("recent", Map.of("projectId", tenant.projectId(), "limit", 2))));
            assertThat(recent.get("observations").get(0).get("content").asString()).contains("decision 4");
            assertThat(recent.get("observations")).hasSize(2);
        }
    }

    @Test
    void toolFailuresAreResultsWithIsErrorAndNothingLeaks() {
        try (McpSyncClient client = client(tenant.apiKey())) {
            client.initialize();
            McpSchema.CallToolResult missing = client.callTool(call("search", Map.of("projectId", tenant.projectId())));
            McpSchema.CallToolResult unknown = client.callTool(call("delete_everything", Map.of()));
            McpSchema.CallToolResult nul = client.callTool(call("search",
                    Map.of("projectId", tenant.projectId(), "query", "retry\u0000budget")));
            McpSchema.CallToolResult foreign = client.callTool(call("recent", Map.of("projectId", otherTeam.projectId())));

            assertThat(missing.isError()).isTrue();
            assertThat(plain(missing)).contains("query is required");
            assertThat(unknown.isError()).isTrue();
            assertThat(plain(unknown)).contains("Unknown tool");
            assertThat(nul.isError()).isTrue();
            assertThat(plain(nul)).contains("query contains a NUL character");
            assertThat(foreign.isError()).isTrue();
            assertThat(plain(foreign)).contains("not found").doesNotContain("team");
        }
        String projectKey = tenant.newKey(tenant.addProject(), List.of("memories:read"));
        try (McpSyncClient client = client(projectKey)) {
            client.initialize();
            McpSchema.CallToolResult sibling = client.callTool(call("recent", Map.of("projectId", tenant.projectId())));
            assertThat(sibling.isError()).isTrue();
            assertThat(plain(sibling)).contains("scoped to a different project");
        }
    }

    @Test
    void limitsAreClampedAndANonNumberFallsBackToTheDefault() {
        try (McpSyncClient client = client(tenant.apiKey())) {
            client.initialize();
            assertThat(text(client.callTool(call("recent", Map.of("projectId", tenant.projectId(), "limit", 0))))
                    .get("observations")).hasSize(1);
            assertThat(text(client.callTool(call("recent", Map.of("projectId", tenant.projectId(), "limit", 2.9))))
                    .get("observations")).hasSize(2);
            assertThat(text(client.callTool(call("recent", Map.of("projectId", tenant.projectId(), "limit", "many"))))
                    .get("observations")).hasSize(5);
        }
        assertThat(McpTools.limit(Map.of("limit", 5000), 20, 100)).isEqualTo(100);
    }

    @Test
    void eachToolCallIsAuditedAsAnMcpRead() {
        try (McpSyncClient client = client(tenant.apiKey())) {
            client.initialize();
            client.callTool(call("search", Map.of("projectId", tenant.projectId(), "query", "audited-mcp-query")));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tenant.count(
                "SELECT count(*) FROM audit_log WHERE team_id = ? AND action = 'observation.read' "
                        + "AND details->>'via' = 'mcp' AND details->>'query' = 'audited-mcp-query'", tenant.teamId()))
                .isOne());
    }

    @Test
    void theWireFollowsWhatRealClientsRelyOn() {
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05",
                 "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
        String answer = http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(initialize).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader().doesNotExist("Mcp-Session-Id")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(answer).startsWith("event:message\ndata:").contains("\"protocolVersion\":\"2024-11-05\"");

        String future = http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(initialize.replace("2024-11-05", "2099-01-01")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(future).contains("\"protocolVersion\":\"2025-11-25\"");

        http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json").contentType(MediaType.APPLICATION_JSON).bodyValue(initialize)
                .exchange().expectStatus().isEqualTo(406);
        http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "1999-01-01")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(initialize).exchange().expectStatus().isBadRequest();
        http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").exchange()
                .expectStatus().isAccepted();
        http.post().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "application/json, text/event-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32700);
        http.get().uri("/v1/mcp").header("Authorization", "Bearer " + tenant.apiKey()).exchange()
                .expectStatus().isEqualTo(405);
    }

    @Test
    void authRunsBeforeMcp() {
        http.post().uri("/v1/mcp").header("Accept", "application/json, text/event-stream")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Unauthorized");
        http.post().uri("/v1/mcp").header("X-Api-Key", "cm_nope").header("Accept", "application/json, text/event-stream")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();
        try (McpSyncClient client = client("cm_0000")) {
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        }
    }

    private McpSyncClient client(String key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/v1/mcp")
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static String limitSchema(McpSchema.Tool tool) {
        return String.valueOf(((Map<?, ?>) tool.inputSchema().get("properties")).get("limit"));
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build();
    }

    private static JsonNode text(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(plain(result)).isNotEqualTo(Boolean.TRUE);
        return JSON.readTree(plain(result));
    }

    private static String plain(McpSchema.CallToolResult result) {
        assertThat(result.content()).hasSize(1);
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
