package dev.engram.core.sql;

/** SQL for {@code api_keys}: only the SHA-256 of a key is ever stored or looked up. */
public final class ApiKeysSql {

    /** A new key of a team (and project, when not null), expiring at {@code :expiresAt} unless null; answers its id. */
    public static final String INSERT = """
            INSERT INTO api_keys (key_hash, team_id, project_id, scopes, label, actor_id, expires_at)
            VALUES (:hash, :team, :project, :scopes::jsonb, :label, :actor, :expiresAt::timestamptz)
            RETURNING id
            """;

    /** The key with this hash, unless revoked or expired; a key without a team is returned too. */
    public static final String FIND_ACTIVE = """
            SELECT id::text AS id, team_id, project_id, actor_id, scopes, expires_at
              FROM api_keys
             WHERE key_hash = :hash
               AND revoked_at IS NULL
               AND (expires_at IS NULL OR expires_at > now())
            """;

    private ApiKeysSql() {
    }
}
