package dev.engram.core.store;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.sql.ApiKeysSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Writes and lists API keys for operators: only the key's hash and its first characters reach the database. */
public class ApiKeyStore {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a key of the team (and project, when not null), expiring at {@code expiresAt} unless null; keeps
     * its hash and its prefix; returns its row id.
     */
    public UUID insert(String rawKey, String teamId, @Nullable String projectId, List<String> scopes,
            @Nullable String label, @Nullable String actorId, @Nullable Instant expiresAt) {
        return jdbc.sql(ApiKeysSql.INSERT)
                .param("hash", ApiKeys.hash(rawKey))
                .param("prefix", ApiKeys.prefix(rawKey))
                .param("team", teamId)
                .param("project", projectId)
                .param("scopes", MAPPER.writeValueAsString(scopes))
                .param("label", label)
                .param("actor", actorId)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(UUID.class).single();
    }

    /** Keys of the team and project (each when not null), newest first; revoked ones only when asked. */
    public List<ListedKey> list(@Nullable String teamId, @Nullable String projectId, boolean withRevoked) {
        return jdbc.sql(ApiKeysSql.LIST)
                .param("team", teamId)
                .param("project", projectId)
                .param("withRevoked", withRevoked)
                .query(ApiKeyStore::listed).list();
    }

    /** The keys whose id or prefix is {@code ref} (more than one when a prefix is shared). */
    public List<ListedKey> find(String ref) {
        return jdbc.sql(ApiKeysSql.FIND_BY_REF).param("ref", ref).query(ApiKeyStore::listed).list();
    }

    /** The key with this raw value, unless unknown, revoked or expired. */
    public Optional<ListedKey> findActive(String rawKey) {
        return jdbc.sql(ApiKeysSql.FIND_ACTIVE).param("hash", ApiKeys.hash(rawKey))
                .query((rs, n) -> rs.getString("id")).optional()
                .flatMap(id -> find(id).stream().findFirst());
    }

    /** Revokes the key; empty when it was revoked already. */
    public Optional<Instant> revoke(UUID id) {
        return jdbc.sql(ApiKeysSql.REVOKE).param("id", id)
                .query((rs, n) -> rs.getTimestamp("revoked_at").toInstant()).optional();
    }

    private static ListedKey listed(ResultSet rs, int rowNum) throws SQLException {
        List<String> scopes = new ArrayList<>();
        MAPPER.readTree(rs.getString("scopes")).forEach(scope -> scopes.add(scope.asString()));
        return new ListedKey(rs.getObject("id", UUID.class), rs.getString("key_prefix"), rs.getString("team_id"),
                rs.getString("project_id"), rs.getString("actor_id"), rs.getString("label"), List.copyOf(scopes),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * A key as an operator sees it: never the key itself.
     *
     * @param prefix the key's first characters, or null for keys created before they were kept
     */
    public record ListedKey(UUID id, @Nullable String prefix, @Nullable String teamId, @Nullable String projectId,
            @Nullable String actorId, @Nullable String label, List<String> scopes, @Nullable Instant createdAt,
            @Nullable Instant lastUsedAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
    }
}
