package dev.engram.ingest.key;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.key.Scope;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.auth.ApiKeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
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

    /**
     * Revokes a key of the caller's team (and of the caller's project, for a project key); a key with the admin
     * scope only for a caller that has it. Revoking a revoked key changes nothing and says so. Takes effect within
     * {@code engram.ingest.lookup-cache-ttl} on every instance.
     */
    Mono<RevokedKey> revoke(ApiKeyPrincipal caller, UUID id, String requestId) {
        return keys.findInScope(id, caller.teamId(), caller.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("key " + id)))
                .flatMap(found -> {
                    if (Scope.allows(found.scopes(), Scope.ADMIN) && !caller.allows(Scope.ADMIN)) {
                        return Mono.error(new ApiException.Forbidden(
                                "revoking a key with the admin scope needs the admin scope"));
                    }
                    if (found.revokedAt() != null) {
                        return Mono.just(new RevokedKey(id.toString(), found.revokedAt().toString(), true));
                    }
                    return keys.revoke(id)
                            .flatMap(at -> audit.record(caller, caller.projectId(), "key.revoked", "api_key",
                                            id.toString(), requestId, JsonNodeFactory.instance.objectNode()
                                                    .put("revokedByKeyId", caller.keyId()).put("via", "api"))
                                    .thenReturn(new RevokedKey(id.toString(), at.toString(), false)))
                            // revoked by someone else between the read and the update
                            .switchIfEmpty(Mono.defer(() -> keys.findInScope(id, caller.teamId(), caller.projectId())
                                    .map(now -> new RevokedKey(id.toString(), String.valueOf(now.revokedAt()), true))));
                });
    }

    /**
     * {@code DELETE /v1/keys/{id}}'s answer.
     *
     * @param revokedAt ISO-8601
     * @param alreadyRevoked whether it was revoked before this call
     */
    record RevokedKey(String id, String revokedAt, boolean alreadyRevoked) {
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
