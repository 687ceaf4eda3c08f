package dev.engram.core.store;

import dev.engram.core.sql.AuditLogSql;
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
}
