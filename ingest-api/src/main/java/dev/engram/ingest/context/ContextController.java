package dev.engram.ingest.context;

import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/context}, and {@code POST /v1/hooks/claude-code/session-start?projectId=P}: the same pack
 * in the answer a Claude Code SessionStart hook prints ({@code hookSpecificOutput.additionalContext}), so
 * Engram's hook script only pipes it through (infra/hooks/engram-session-start.sh).
 */
@RestController
class ContextController {

    static final String HEADER = "Engram memory of project %s (recent session summaries, then related observations):";

    private final JsonBodies bodies;
    private final ContextRequestParser parser;
    private final ContextPackBuilder packs;

    ContextController(JsonBodies bodies, ContextRequestParser parser, ContextPackBuilder packs) {
        this.bodies = bodies;
        this.parser = parser;
        this.packs = packs;
    }

    @PostMapping("/v1/context")
    Mono<ContextPack> context(@RequestBody(required = false) @Nullable String body, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return packs.build(key, parser.parse(bodies.read(body)), RequestIds.of(exchange), "rest");
    }

    /**
     * The hook's JSON on stdin (session id, cwd, source) is the body; only the project comes from the query,
     * since the hook knows no project. An empty pack answers {@code {}}, which Claude Code ignores.
     */
    @PostMapping("/v1/hooks/claude-code/session-start")
    Mono<SessionStartAnswer> sessionStart(@RequestParam(required = false) @Nullable String projectId,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        if (projectId != null) {
            request.put("projectId", projectId);
        } else if (key.projectId() != null) {
            request.put("projectId", key.projectId());
        }
        return packs.build(key, parser.parse(request), RequestIds.of(exchange), "hook")
                .map(pack -> SessionStartAnswer.of(pack.context().isEmpty() ? null
                        : HEADER.formatted(request.get("projectId").asString()) + "\n\n" + pack.context()));
    }
}
