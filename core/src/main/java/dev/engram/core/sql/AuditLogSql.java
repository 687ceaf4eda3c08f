package dev.engram.core.sql;

/** SQL for {@code audit_log}: append-only, one row per write, read and operator action. */
public final class AuditLogSql {

    public static final String INSERT = """
            INSERT INTO audit_log (team_id, project_id, actor_id, api_key_id, action, resource_type, resource_id,
                                   request_id, details)
            VALUES (:team, :project, :actor, :key, :action, :resourceType, :resourceId, :requestId, :details::jsonb)
            """;

    private AuditLogSql() {
    }
}
