package dev.engram.ingest.memory;

import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.Problem;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
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

/** {@code /v1/memories} and {@code /v1/projects/{projectId}/memory}: write, delete and purge memories. */
@RestController
class MemoryController {

    private final JsonBodies bodies;
    private final MemoryRequestParser parser;
    private final MemoryService memories;

    MemoryController(JsonBodies bodies, MemoryRequestParser parser, MemoryService memories) {
        this.bodies = bodies;
        this.parser = parser;
        this.memories = memories;
    }

    @PostMapping("/v1/memories")
    Mono<ResponseEntity<MemoryResponses.Written>> write(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        NewMemory memory = parser.parse(bodies.read(body));
        return memories.write(key, memory, RequestIds.of(exchange))
                .map(stored -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(new MemoryResponses.Written(stored.view())));
    }

    @DeleteMapping("/v1/memories/{id}")
    Mono<ResponseEntity<?>> delete(@PathVariable String id, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return memories.delete(key, id, RequestIds.of(exchange))
                .<ResponseEntity<?>>map(deleted -> ResponseEntity.ok(new MemoryResponses.Deleted(true, deleted.toString())))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(exchange)));
    }

    @DeleteMapping("/v1/projects/{projectId}/memory")
    Mono<MemoryResponses.Purged> purge(@PathVariable String projectId, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return memories.purge(key, projectId, RequestIds.of(exchange))
                .map(counts -> new MemoryResponses.Purged(true, projectId, counts));
    }

    /** claude-mem answers this one route's 404 with {@code "error": "not_found"}, not the usual {@code NotFound}. */
    private static ResponseEntity<Problem> notFound(ServerWebExchange exchange) {
        Problem body = Problem.of(HttpStatus.NOT_FOUND, "not-found", "NotFound", "Memory not found",
                exchange.getRequest().getPath().value(), RequestIds.of(exchange)).withError("not_found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
