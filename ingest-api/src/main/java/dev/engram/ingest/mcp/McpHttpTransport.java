package dev.engram.ingest.mcp;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.Problem;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streamable HTTP for the SDK's stateless MCP server, with the rules claude-mem's clients rely on: a POST
 * must accept both {@code application/json} and {@code text/event-stream} (else 406); a request is answered
 * 200 as an event stream of one message, a notification 202; there is never an {@code Mcp-Session-Id};
 * {@code GET} is 405; an unsupported {@code MCP-Protocol-Version} header is 400; a body that is not JSON is
 * 400 with a JSON-RPC parse error (-32700) and one that is not a JSON-RPC message 400 with -32600. An unknown
 * tool is a tool result with {@code isError}, not a JSON-RPC error. The API key was checked before any of
 * this (ApiKeyAuthentication), and reaches the tools in the transport context.
 */
final class McpHttpTransport implements McpStatelessServerTransport {

    static final String PATH = "/v1/mcp";
    static final String PRINCIPAL = "engram.principal";
    static final String REQUEST_ID = "engram.requestId";
    /** Oldest first; {@code initialize} offers the last when the client's is not among them. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2024-10-07", "2024-11-05", "2025-03-26", "2025-06-18",
            "2025-11-25");
    private static final String PROTOCOL_HEADER = "MCP-Protocol-Version";

    private final McpJsonMapper mcpJson;
    private final JsonMapper json;
    private final Set<String> toolNames;
    private @Nullable McpStatelessServerHandler handler;
    // Held so the server that set the handler lives as long as the transport.
    private @Nullable Object server;

    McpHttpTransport(McpJsonMapper mcpJson, JsonMapper json, Set<String> toolNames) {
        this.mcpJson = mcpJson;
        this.json = json;
        this.toolNames = Set.copyOf(toolNames);
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
        this.handler = mcpHandler;
    }

    void server(Object mcpServer) {
        this.server = mcpServer;
    }

    @Override
    public List<String> protocolVersions() {
        return PROTOCOL_VERSIONS;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(PATH, this::post)
                .GET(PATH, request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).build())
                .build();
    }

    private Mono<ServerResponse> post(ServerRequest request) {
        List<MediaType> accept = request.headers().accept();
        if (!accepts(accept, MediaType.APPLICATION_JSON) || !accepts(accept, MediaType.TEXT_EVENT_STREAM)) {
            return problem(request, HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "NotAcceptable",
                    "Accept must include application/json and text/event-stream");
        }
        String version = request.headers().firstHeader(PROTOCOL_HEADER);
        if (version != null && !PROTOCOL_VERSIONS.contains(version)) {
            return problem(request, HttpStatus.BAD_REQUEST, "bad-request", "BadRequest",
                    "Unsupported MCP-Protocol-Version " + version + "; supported: " + String.join(", ", PROTOCOL_VERSIONS));
        }
        ApiKeyPrincipal key = request.exchange().getAttribute(ApiKeyPrincipal.class.getName());
        McpTransportContext context = McpTransportContext.create(Map.of(PRINCIPAL, Objects.requireNonNull(key),
                REQUEST_ID, RequestIds.of(request.exchange())));
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> answer(body, context));
    }

    private Mono<ServerResponse> answer(String body, McpTransportContext context) {
        McpSchema.JSONRPCMessage message;
        try {
            json.readTree(body.isEmpty() ? "{" : body);
        } catch (JacksonException e) {
            return rpcError(McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the body is not JSON");
        }
        try {
            message = McpSchema.deserializeJsonRpcMessage(mcpJson, body);
        } catch (RuntimeException | IOException e) {
            return rpcError(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message");
        }
        McpStatelessServerHandler server = Objects.requireNonNull(handler, "the MCP server is not started");
        if (message instanceof McpSchema.JSONRPCRequest call) {
            return unknownTool(call).map(Mono::just).orElseGet(() -> server.handleRequest(context, call))
                    .flatMap(this::eventStream);
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            return server.handleNotification(context, notification).then(ServerResponse.accepted().build());
        }
        return ServerResponse.accepted().build();
    }

    /** A call of a tool that does not exist, answered as a tool error the model can read. */
    private Optional<McpSchema.JSONRPCResponse> unknownTool(McpSchema.JSONRPCRequest call) {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(call.method()) || !(call.params() instanceof Map<?, ?> params)) {
            return Optional.empty();
        }
        Object name = params.get("name");
        if (name instanceof String tool && toolNames.contains(tool)) {
            return Optional.empty();
        }
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder("Unknown tool: " + name + "; tools: "
                        + String.join(", ", toolNames.stream().sorted().toList())).build()))
                .isError(true).build();
        return Optional.of(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), result, null));
    }

    private Mono<ServerResponse> eventStream(McpSchema.JSONRPCResponse response) {
        String data;
        try {
            data = mcpJson.writeValueAsString(response);
        } catch (IOException e) {
            return Mono.error(e);
        }
        // One server-sent event, "event: message", holding the JSON-RPC response; then the stream ends.
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body(Flux.just(ServerSentEvent.builder(data).event("message").build()), ServerSentEvent.class);
    }

    private Mono<ServerResponse> rpcError(int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        error.put("id", null);
        error.put("error", Map.of("code", code, "message", message));
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(error);
    }

    private static boolean accepts(List<MediaType> accept, MediaType type) {
        return accept.stream().anyMatch(candidate -> candidate.includes(type) && !candidate.isWildcardType());
    }

    private static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, String type, String error,
            String message) {
        Problem body = Problem.of(status, type, error, message, request.path(), RequestIds.of(request.exchange()));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(body);
    }

    /** The key a tool call runs under; the transport always puts it there. */
    static ApiKeyPrincipal principal(McpTransportContext context) {
        Object key = context.get(PRINCIPAL);
        if (!(key instanceof ApiKeyPrincipal principal)) {
            throw new ApiException.Unauthorized("Missing API key");
        }
        return principal;
    }

    static String requestId(McpTransportContext context) {
        return String.valueOf(context.get(REQUEST_ID));
    }
}
