package dev.engram.ingest.search;

import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code POST /v1/search}: read scope; the project comes from the body, checked against the key. */
@RestController
class SearchController {

    private final JsonBodies bodies;
    private final SearchRequestParser parser;
    private final SearchService search;

    SearchController(JsonBodies bodies, SearchRequestParser parser, SearchService search) {
        this.bodies = bodies;
        this.parser = parser;
        this.search = search;
    }

    @PostMapping("/v1/search")
    Mono<SearchResponse> search(@RequestBody(required = false) @Nullable String body, ApiKeyPrincipal key,
            ServerWebExchange exchange) {
        return search.search(key, parser.parse(bodies.read(body)), RequestIds.of(exchange), "rest");
    }
}
