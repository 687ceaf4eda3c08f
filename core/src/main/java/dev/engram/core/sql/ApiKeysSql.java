package dev.engram.core.sql;

/** SQL for {@code api_keys}: only the SHA-256 of a key is ever stored or looked up. */
public final class ApiKeysSql {

    /** A new key of a team (and project, when not null), expiring at {@code :expiresAt} unless null; answers its id. */
    public static final String INSERT = """
            INSERT INTO api_keys (key_hash, key_prefix, team_id, project_id, scopes, label, actor_id, expires_at)
            VALUES (:hash, :prefix, :team, :project, :scopes::jsonb, :label, :actor, :expiresAt::timestamptz)
            RETURNING id
            """;

    /** The columns an operator sees of a key (never its hash). */
    private static final String LISTED = """
            id, key_prefix, team_id, project_id, actor_id, label, scopes::text AS scopes, created_at, last_used_at,
            expires_at, revoked_at""";

    /**
     * Keys of {@code :team} and of {@code :project} (each when not null), newest first, the revoked ones too when
     * {@code :withRevoked}.
     */
    public static final String LIST = """
            SELECT %s FROM api_keys
             WHERE (:team::text IS NULL OR team_id = :team)
               AND (:project::text IS NULL OR project_id = :project)
               AND (:withRevoked OR revoked_at IS NULL)
             ORDER BY created_at DESC, id
            """.formatted(LISTED);

    /** The keys whose id or prefix is {@code :ref}. */
    public static final String FIND_BY_REF = """
            SELECT %s FROM api_keys WHERE id::text = :ref OR key_prefix = :ref
            """.formatted(LISTED);

    /** A key of {@code :team} (and of {@code :project} when not null) by id, as {@code scopes, revoked_at}. */
    public static final String FIND_IN_SCOPE = """
            SELECT scopes::text AS scopes, revoked_at FROM api_keys
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """;

    /** Revokes a key by id; no row when it was revoked already. */
    public static final String REVOKE = """
            UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL RETURNING revoked_at
            """;

    /**
     * Records that a key was used, at most once a minute per key: the API calls it when it reads the key from
     * the database (not on every request its cache answers).
     */
    public static final String TOUCH = """
            UPDATE api_keys SET last_used_at = now()
             WHERE id = :id::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
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
