package dev.engram.ingest.auth;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.sql.ApiKeysSql;
import dev.engram.ingest.sql.Params;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reactive owner of {@code api_keys} (its SQL is {@link ApiKeysSql}). Requests look keys up by hash
 * through {@link ApiKeyAuthentication}'s short-lived cache: expiry takes effect at once, revocation within
 * {@code engram.ingest.lookup-cache-ttl}.
 */
@Repository
public class ApiKeyRepository {

    private final DatabaseClient db;
    private final JsonMapper mapper;

    ApiKeyRepository(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** The active key with this hash; a key without a team is returned too, so the caller can refuse it. */
    Mono<ApiKeyRow> findActive(String keyHash) {
        return db.sql(ApiKeysSql.FIND_ACTIVE).bind("hash", keyHash)
                .map((row, meta) -> new ApiKeyRow(
                        row.get("id", String.class),
                        row.get("team_id", String.class),
                        row.get("project_id", String.class),
                        row.get("actor_id", String.class),
                        scopes(row.get("scopes", Json.class)),
                        row.get("expires_at", Instant.class)))
                .one();
    }

    /**
     * Inserts a key (its hash and prefix); returns its row id. Same statement as the CLI's
     * ({@code ApiKeysSql.INSERT}).
     */
    public Mono<UUID> insert(String rawKey, String teamId, @Nullable String projectId, List<String> scopes,
            @Nullable String label, @Nullable String actorId, @Nullable Instant expiresAt) {
        return db.sql(ApiKeysSql.INSERT)
                .bind("hash", ApiKeys.hash(rawKey))
                .bind("prefix", ApiKeys.prefix(rawKey))
                .bind("team", teamId)
                .bind("project", Params.nullable(projectId, String.class))
                .bind("scopes", mapper.writeValueAsString(scopes))
                .bind("label", Params.nullable(label, String.class))
                .bind("actor", Params.nullable(actorId, String.class))
                .bind("expiresAt", Params.nullable(expiresAt, Instant.class))
                .map((row, meta) -> row.get("id", UUID.class))
                .one();
    }

    /** A key of the team (and of {@code projectId} when not null) by id; empty when there is none in that scope. */
    public Mono<KeyInScope> findInScope(UUID id, String teamId, @Nullable String projectId) {
        return db.sql(ApiKeysSql.FIND_IN_SCOPE).bind("id", id).bind("team", teamId)
                .bind("project", Params.nullable(projectId, String.class))
                .map((row, meta) -> new KeyInScope(scopes(Json.of(row.get("scopes", String.class))),
                        row.get("revoked_at", Instant.class)))
                .one();
    }

    /** Revokes the key; the time it was revoked, or empty when it was revoked already. */
    public Mono<Instant> revoke(UUID id) {
        return db.sql(ApiKeysSql.REVOKE).bind("id", id).map((row, meta) -> row.get("revoked_at", Instant.class)).one();
    }

    /** A key as its revocation sees it. */
    public record KeyInScope(List<String> scopes, @Nullable Instant revokedAt) {
    }

    /** Records that the key was used (at most once a minute per key; see {@code ApiKeysSql.TOUCH}). */
    Mono<Void> touch(String keyId) {
        return db.sql(ApiKeysSql.TOUCH).bind("id", keyId).then();
    }

    private List<String> scopes(Json json) {
        JsonNode node = mapper.readTree(json.asString());
        List<String> scopes = new ArrayList<>();
        node.forEach(scope -> scopes.add(scope.asString()));
        return scopes;
    }

    record ApiKeyRow(String id, @Nullable String teamId, @Nullable String projectId, @Nullable String actorId,
            List<String> scopes, @Nullable Instant expiresAt) {

        /** Whether the key has expired by {@code now} (a cached row outlives its expiry otherwise). */
        boolean expiredAt(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }
}
