package dev.engram.core.store;

import dev.engram.core.audit.AuditEntry;
import dev.engram.core.audit.AuditFilter;
import dev.engram.core.sql.AuditLogSql;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Appends audit rows from the processors and the CLI, in the caller's transaction. */
public class AuditStore {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public AuditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one row; {@code apiKeyId} and {@code actorId} are null for the system's own actions. */
    public void append(String teamId, @Nullable String projectId, @Nullable String actorId, @Nullable UUID apiKeyId,
            String action, String resourceType, String resourceId, @Nullable String requestId,
            Map<String, ?> details) {
        jdbc.sql(AuditLogSql.INSERT)
                .param("team", teamId)
                .param("project", projectId)
                .param("actor", actorId)
                .param("key", apiKeyId)
                .param("action", action)
                .param("resourceType", resourceType)
                .param("resourceId", resourceId)
                .param("requestId", requestId)
                .param("details", MAPPER.writeValueAsString(details))
                .update();
    }

    /** Audit rows of every team (or {@code filter.teamId()}), newest first: what {@code engram audit} reads. */
    public List<AuditEntry> listForOperator(AuditFilter filter) {
        return jdbc.sql(AuditLogSql.LIST_FOR_OPERATOR)
                .param("team", filter.teamId())
                .param("project", filter.projectId())
                .param("actions", filter.actions() == null ? null : filter.actions().toArray(String[]::new))
                .param("resourceId", filter.resourceId())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("until", filter.until() == null ? null : Timestamp.from(filter.until()))
                .param("limit", filter.limit())
                .param("offset", filter.offset())
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getString("team_id"), rs.getString("project_id"),
                        rs.getString("actor_id"), rs.getString("api_key_id"), rs.getString("action"),
                        rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("request_id"),
                        rs.getString("details"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
