package dev.engram.core.sql;

/** SQL for {@code audit_log}: append-only, one row per write, read and operator action. */
public final class AuditLogSql {

    public static final String INSERT = """
            INSERT INTO audit_log (team_id, project_id, actor_id, api_key_id, action, resource_type, resource_id,
                                   request_id, details)
            VALUES (:team, :project, :actor, :key, :action, :resourceType, :resourceId, :requestId, :details::jsonb)
            """;

    /** {@link #INSERT} for many rows in one statement: {@code :rows} is a JSON array of objects. */
    public static final String INSERT_ALL = """
            INSERT INTO audit_log (team_id, project_id, actor_id, api_key_id, action, resource_type, resource_id,
                                   request_id, details)
            SELECT team, project, actor, api_key, action, resource_type, resource_id, request_id, details
              FROM jsonb_to_recordset(:rows::jsonb)
                   AS r(team text, project text, actor text, api_key uuid, action text, resource_type text,
                        resource_id text, request_id text, details jsonb, ord bigint)
             ORDER BY r.ord
            """;

    /** The columns of an audit row as it is read back. */
    private static final String READ = """
            id, team_id, project_id, actor_id, api_key_id::text AS api_key_id, action, resource_type, resource_id,
            request_id, details::text AS details, created_at""";

    /**
     * The filters of an audit listing; each is off when null: {@code :project}, {@code :actions} (text[]),
     * {@code :resourceId}, {@code :since} / {@code :until} (time written). {@code team} is the tenant condition.
     */
    private static String filters(String team) {
        return """
                 WHERE %s
                   AND (:project::text IS NULL OR project_id = :project)
                   AND (:actions::text[] IS NULL OR action = ANY(:actions::text[]))
                   AND (:resourceId::text IS NULL OR resource_id = :resourceId)
                   AND (:since::timestamptz IS NULL OR created_at >= :since::timestamptz)
                   AND (:until::timestamptz IS NULL OR created_at < :until::timestamptz)""".formatted(team);
    }

    /** A page of the team's audit rows, newest first. */
    public static final String LIST = """
            SELECT %s FROM audit_log
            %s
             ORDER BY created_at DESC, id DESC
             LIMIT :limit OFFSET :offset
            """.formatted(READ, filters("team_id = :team"));

    /** {@link #LIST} for an operator: every team, or {@code :team} when not null. */
    public static final String LIST_FOR_OPERATOR = """
            SELECT %s FROM audit_log
            %s
             ORDER BY created_at DESC, id DESC
             LIMIT :limit OFFSET :offset
            """.formatted(READ, filters("(:team::text IS NULL OR team_id = :team)"));

    /**
     * Per action, the team's audit rows (of {@code :project} when not null) written since {@code :since}, and for
     * batches the events they carried ({@code details.count}).
     */
    public static final String COUNT_ACTIONS_SINCE = """
            SELECT action, count(*) AS n, COALESCE(sum((details->>'count')::bigint), 0) AS items
              FROM audit_log
             WHERE team_id = :team AND (:project::text IS NULL OR project_id = :project)
               AND created_at >= :since
             GROUP BY action
            """;

    private AuditLogSql() {
    }
}
