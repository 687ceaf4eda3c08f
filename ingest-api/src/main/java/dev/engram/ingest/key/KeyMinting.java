package dev.engram.ingest.key;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.key.Scope;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.auth.ApiKeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Mints read-only keys ({@code memories:read}) of the caller's own team and project: a key can never mint
 * one with more scope or a wider tenant than itself. The raw key is answered once; only its hash is stored.
 */
@Service
class KeyMinting {

    static final List<String> SCOPES = List.of(Scope.READ);

    private final ApiKeyRepository keys;
    private final AuditLog audit;

    KeyMinting(ApiKeyRepository keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    Mono<MintedKey> mint(ApiKeyPrincipal caller, @Nullable String label, @Nullable Integer expiresInDays,
            String mcpUrl, String requestId) {
        String rawKey = ApiKeys.newRawKey();
        Instant expiresAt = expiresInDays == null ? null
                : Instant.now().plus(Duration.ofDays(expiresInDays)).truncatedTo(ChronoUnit.SECONDS);
        return keys.insert(rawKey, caller.teamId(), caller.projectId(), SCOPES, label, caller.actorId(),
                        expiresAt)
                .flatMap(id -> audit.record(caller, caller.projectId(), "key.created", "api_key", id.toString(),
                                requestId, JsonNodeFactory.instance.objectNode().put("scopes", Scope.READ)
                                        .put("createdByKeyId", caller.keyId()))
                        .thenReturn(new MintedKey(id.toString(), rawKey, SCOPES,
                                expiresAt == null ? null : expiresAt.toString(), mcpUrl,
                                connectCommand(mcpUrl, rawKey))));
    }

    /** The command that adds Engram's MCP server to Claude Code. */
    static String connectCommand(String mcpUrl, String key) {
        return "claude mcp add --transport http engram " + mcpUrl + " --header \"Authorization: Bearer " + key + "\"";
    }

    /**
     * {@code POST /v1/keys}'s answer.
     *
     * @param apiKey the raw key, shown this once
     * @param expiresAt ISO-8601, or null for a key that does not expire
     */
    record MintedKey(String id, String apiKey, List<String> scopes, @Nullable String expiresAt, String mcpUrl,
            String connectCommand) {
    }

    /** {@code GET /v1/connect}'s answer: the command with a placeholder for the key. */
    record Connect(String mcpUrl, String connectCommand, String hint) {
    }
}
