package dev.engram.ingest.memory;

import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.ProblemBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/memories} and {@code /v1/projects/{projectId}/memory}: write, delete and purge memories. */
@RestController
class MemoryController {

    private final JsonBodies bodies;
    private final MemoryRequestParser parser;
    private final MemoryService memories;
    private final JsonMapper mapper;

    MemoryController(JsonBodies bodies, MemoryRequestParser parser, MemoryService memories, JsonMapper mapper) {
        this.bodies = bodies;
        this.parser = parser;
        this.memories = memories;
        this.mapper = mapper;
    }

    @PostMapping("/v1/memories")
    Mono<ResponseEntity<Map<String, Object>>> write(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        NewMemory memory = parser.parse(bodies.read(body));
        return memories.write(key, memory, RequestIds.of(exchange))
                .map(stored -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(Map.of("memory", stored.view(mapper))));
    }

    @DeleteMapping("/v1/memories/{id}")
    Mono<ResponseEntity<Map<String, Object>>> delete(@PathVariable String id, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return memories.delete(key, id, RequestIds.of(exchange))
                .map(deleted -> {
                    Map<String, Object> response = new LinkedHashMap<>();
                    response.put("deleted", true);
                    response.put("id", deleted.toString());
                    return ResponseEntity.ok(response);
                })
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(exchange)));
    }

    @DeleteMapping("/v1/projects/{projectId}/memory")
    Mono<Map<String, Object>> purge(@PathVariable String projectId, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return memories.purge(key, projectId, RequestIds.of(exchange))
                .map(counts -> {
                    Map<String, Object> response = new LinkedHashMap<>();
                    response.put("purged", true);
                    response.put("projectId", projectId);
                    response.put("counts", counts.view());
                    return response;
                });
    }

    /** claude-mem answers this one route's 404 with {@code "error": "not_found"}, not the usual {@code NotFound}. */
    private static ResponseEntity<Map<String, Object>> notFound(ServerWebExchange exchange) {
        Map<String, Object> body = ProblemBodies.base(HttpStatus.NOT_FOUND, "not-found", "NotFound",
                "Memory not found", exchange.getRequest().getPath().value(), RequestIds.of(exchange));
        body.put("error", "not_found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
