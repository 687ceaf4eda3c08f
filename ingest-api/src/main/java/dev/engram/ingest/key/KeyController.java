package dev.engram.ingest.key;

import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.BodyFields;
import dev.engram.ingest.api.JsonBodies;
import dev.engram.ingest.api.RequestIds;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/keys}: mints a read-only key of the caller's team (and project), for an MCP client;
 * {@code DELETE /v1/keys/{id}}: revokes one; {@code GET /v1/connect}: how to connect one. Both name the MCP URL as the client reached this server.
 */
@RestController
class KeyController {

    static final int MAX_LABEL_LENGTH = 120;
    static final int MAX_DAYS = 365;

    private final JsonBodies bodies;
    private final KeyMinting minting;

    KeyController(JsonBodies bodies, KeyMinting minting) {
        this.bodies = bodies;
        this.minting = minting;
    }

    @PostMapping("/v1/keys")
    Mono<ResponseEntity<KeyMinting.MintedKey>> mint(@RequestBody(required = false) @Nullable String body,
            ApiKeyPrincipal key, ServerWebExchange exchange) {
        JsonNode json = body == null || body.isBlank() ? bodies.read("{}") : bodies.read(body);
        BodyFields fields = BodyFields.of(json, List.of(), MAX_LABEL_LENGTH);
        String label = fields.optionalString("label");
        long days = fields.optionalLong("expiresInDays", 1, MAX_DAYS, 0);
        fields.throwIfInvalid();
        return minting.mint(key, label, days == 0 ? null : (int) days, mcpUrl(exchange), RequestIds.of(exchange))
                .map(minted -> ResponseEntity.status(HttpStatus.CREATED).body(minted));
    }

    /** Revokes a key of the caller's team (and project); another tenant's key, or no key, is a 404. */
    @DeleteMapping("/v1/keys/{id}")
    Mono<KeyMinting.RevokedKey> revoke(@PathVariable String id, ApiKeyPrincipal key, ServerWebExchange exchange) {
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // not an id any key has: the same answer as another team's key
            return Mono.error(new ApiException.NotFound("key " + id));
        }
        return minting.revoke(key, keyId, RequestIds.of(exchange));
    }

    @GetMapping("/v1/connect")
    KeyMinting.Connect connect(ServerWebExchange exchange) {
        String mcpUrl = mcpUrl(exchange);
        return new KeyMinting.Connect(mcpUrl, KeyMinting.connectCommand(mcpUrl, "<your-api-key>"),
                "POST /v1/keys mints a read-only key for this command; it is shown once.");
    }

    /** {@code <scheme>://<host>[:port]/v1/mcp} as this request reached the server. */
    private static String mcpUrl(ServerWebExchange exchange) {
        URI uri = exchange.getRequest().getURI();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + "/v1/mcp";
    }
}
