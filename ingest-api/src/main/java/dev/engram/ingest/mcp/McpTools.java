package dev.engram.ingest.mcp;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.context.ContextPackBuilder;
import dev.engram.ingest.context.ContextRequest;
import dev.engram.ingest.observation.GeneratedObservation;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.observation.WordMatch;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.search.SearchService;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * claude-mem's three MCP tools over the same services as the REST routes, so scope, ranking and audit
 * ({@code via: "mcp"}) are the REST ones. Each answers one text item holding JSON. A missing
 * {@code projectId} or {@code query}, a project outside the key's scope, or any failure is a result with
 * {@code isError: true} and a plain message, never a JSON-RPC error. A {@code limit} that is not a number
 * falls back to the default; a number is truncated and clamped.
 */
final class McpTools {

    private static final Logger log = LoggerFactory.getLogger(McpTools.class);

    private final SearchService search;
    private final ContextPackBuilder context;
    private final ObservationRepository observations;
    private final ProjectAccess projects;
    private final ReadAudit audit;
    private final JsonMapper json;
    private final int defaultMaxTokens;

    McpTools(SearchService search, ContextPackBuilder context, ObservationRepository observations,
            ProjectAccess projects, ReadAudit audit, JsonMapper json, int defaultMaxTokens) {
        this.search = search;
        this.context = context;
        this.observations = observations;
        this.projects = projects;
        this.audit = audit;
        this.json = json;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    List<AsyncToolSpecification> specifications() {
        return List.of(
                tool("search", "Search this project's memory (observations, session summaries, memories) by words; "
                        + "best match first.", 100, true, this::search),
                tool("context", "The context pack a session starts with: recent session summaries, then the "
                        + "observations relevant to the query, as one text.", 50, true, this::context),
                tool("recent", "This project's most recent observations, newest first.", 100, false, this::recent));
    }

    private Mono<Map<String, Object>> search(ApiKeyPrincipal key, String requestId, Map<String, Object> arguments) {
        String projectId = required(arguments, "projectId");
        String query = required(arguments, "query");
        return search.search(key, projectId, query, limit(arguments, 20, 100), requestId, "mcp")
                .map(found -> Map.of("observations", found));
    }

    private Mono<Map<String, Object>> context(ApiKeyPrincipal key, String requestId, Map<String, Object> arguments) {
        String projectId = required(arguments, "projectId");
        String query = required(arguments, "query");
        ContextRequest request = new ContextRequest(projectId, query, limit(arguments, 10, 50), defaultMaxTokens, null,
                null, WordMatch.ALL);
        return context.build(key, request, requestId, "mcp").map(pack -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("observations", pack.observations());
            answer.put("context", pack.context());
            answer.put("partial", pack.partial());
            return answer;
        });
    }

    private Mono<Map<String, Object>> recent(ApiKeyPrincipal key, String requestId, Map<String, Object> arguments) {
        String projectId = required(arguments, "projectId");
        ObservationFilter filter = ObservationFilter.of(key.teamId(), projectId, limit(arguments, 20, 100));
        return projects.requireReadable(key, projectId)
                .then(Mono.defer(() -> observations.recent(filter).collectList()))
                .map(found -> {
                    audit.read(key, projectId, requestId, "mcp", "recent", "",
                            found.stream().map(o -> o.observation().id()).toList());
                    return Map.<String, Object>of("observations", found);
                });
    }

    private AsyncToolSpecification tool(String name, String description, int maxLimit, boolean needsQuery, Tool body) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("projectId", Map.of("type", "string", "description", "The project to read"));
        if (needsQuery) {
            properties.put("query", Map.of("type", "string", "description", "What to look for, in natural language"));
        }
        properties.put("limit", Map.of("type", "integer", "minimum", 1, "maximum", maxLimit,
                "description", "How many observations at most"));
        List<String> required = needsQuery ? List.of("projectId", "query") : List.of("projectId");
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(new McpSchema.JsonSchema("object", properties, required, false, null, null)).build();
        return AsyncToolSpecification.builder().tool(tool)
                .callHandler((transport, call) -> call(transport, call, body)).build();
    }

    private Mono<McpSchema.CallToolResult> call(McpTransportContext transport, McpSchema.CallToolRequest call, Tool body) {
        ApiKeyPrincipal key = McpHttpTransport.principal(transport);
        Map<String, Object> arguments = call.arguments() == null ? Map.of() : call.arguments();
        return Mono.defer(() -> body.run(key, McpHttpTransport.requestId(transport), arguments))
                .map(answer -> result(json.writeValueAsString(answer), false))
                .onErrorResume(ToolError.class, e -> Mono.just(result(e.getMessage(), true)))
                .onErrorResume(ApiException.class, e -> Mono.just(result(e.getMessage(), true)))
                .onErrorResume(e -> {
                    log.warn("MCP tool {} failed", call.name(), e);
                    return Mono.just(result("The tool failed; try again", true));
                });
    }

    private static McpSchema.CallToolResult result(@Nullable String text, boolean error) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(text == null ? "" : text).build()))
                .isError(error).build();
    }

    private static String required(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ToolError(name + " is required (a non-empty string)");
        }
        if (text.indexOf('\u0000') >= 0) {
            // Postgres cannot take it as a parameter: refused here instead of failing the statement
            throw new ToolError(name + " contains a NUL character (U+0000)");
        }
        return text;
    }

    /** A number is truncated and clamped to 1..max; anything else is the default. */
    static int limit(Map<String, Object> arguments, int fallback, int max) {
        if (!(arguments.get("limit") instanceof Number number)) {
            return fallback;
        }
        double value = number.doubleValue();
        if (Double.isNaN(value)) {
            return fallback;
        }
        return (int) Math.max(1, Math.min(max, (long) value));
    }

    @FunctionalInterface
    private interface Tool {
        Mono<Map<String, Object>> run(ApiKeyPrincipal key, String requestId, Map<String, Object> arguments);
    }

    /** A call the tool refuses, told to the caller as a tool error. */
    private static final class ToolError extends RuntimeException {
        ToolError(String message) {
            super(message);
        }
    }
}
