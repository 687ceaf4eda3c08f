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

    private AuditLogSql() {
    }
}
