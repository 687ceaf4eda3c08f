package dev.engram.core.store;

import dev.engram.core.sql.SessionsSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds a session inside a job's tenant and tracks its {@code generation_status} alongside its summary
 * job. Callers run the updates in the transaction of the matching job transition. Also reads and writes
 * sessions for {@code engram export | import}.
 */
public class SessionStore {

    private final JdbcClient jdbc;

    public SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SessionRef> find(UUID id, String teamId, String projectId) {
        return jdbc.sql(SessionsSql.FIND_BY_ID).param("id", id).param("team", teamId).param("project", projectId)
                .query((rs, row) -> new SessionRef(rs.getObject("id", UUID.class), rs.getString("team_id"),
                        rs.getString("project_id")))
                .optional();
    }

    /** A session's {@code generation_status} while its summary job is under way, waits for a retry, or failed. */
    public void setGenerationStatus(SessionRef session, String status) {
        jdbc.sql(SessionsSql.SET_GENERATION_STATUS).param("status", status).param("id", session.id())
                .param("team", session.teamId()).param("project", session.projectId()).update();
    }

    /** The session's summary is done (written, or skipped because nothing was worth keeping). */
    public void markGenerated(SessionRef session) {
        jdbc.sql(SessionsSql.MARK_GENERATED).param("id", session.id()).param("team", session.teamId())
                .param("project", session.projectId()).update();
    }

    /** Hands each of the project's sessions (since {@code since} when not null; see the SQL) to {@code each}, oldest first. */
    public void forExport(String teamId, String projectId, @Nullable Instant since, Consumer<PortableSession> each) {
        jdbc.sql(SessionsSql.FOR_EXPORT).param("team", teamId).param("project", projectId)
                .param("since", since == null ? null : Timestamp.from(since))
                .query(rs -> {
                    each.accept(new PortableSession(rs.getObject("id", UUID.class), rs.getString("external_session_id"),
                            rs.getString("content_session_id"), rs.getString("agent_id"), rs.getString("agent_type"),
                            rs.getString("platform_source"), rs.getString("generation_status"),
                            rs.getString("metadata"), instant(rs, "started_at"), instant(rs, "ended_at"),
                            instant(rs, "last_generated_at"), instant(rs, "created_at"), instant(rs, "updated_at")));
                });
    }

    /**
     * Imports a session into the project; returns the id it has there and whether it was new. A session already
     * there (the same id, or the same platform and external id) is left as it is and its id returned.
     */
    public Imported importSession(String teamId, String projectId, PortableSession session) {
        List<UUID> created = jdbc.sql(SessionsSql.IMPORT).param("id", session.id()).param("team", teamId)
                .param("project", projectId).param("external", session.externalSessionId())
                .param("content", session.contentSessionId()).param("agentId", session.agentId())
                .param("agentType", session.agentType()).param("platform", session.platformSource())
                .param("status", session.generationStatus()).param("metadata", session.metadataJson())
                .param("startedAt", timestamp(session.startedAt())).param("endedAt", timestamp(session.endedAt()))
                .param("lastGeneratedAt", timestamp(session.lastGeneratedAt()))
                .param("createdAt", timestamp(session.createdAt())).param("updatedAt", timestamp(session.updatedAt()))
                .query((rs, n) -> rs.getObject("id", UUID.class)).list();
        if (!created.isEmpty()) {
            return new Imported(created.get(0), true);
        }
        UUID existing = jdbc.sql(SessionsSql.FIND_FOR_IMPORT).param("team", teamId).param("project", projectId)
                .param("id", session.id()).param("external", session.externalSessionId())
                .param("platform", session.platformSource())
                .query((rs, n) -> rs.getObject("id", UUID.class)).single();
        return new Imported(existing, false);
    }

    /** Where an imported session landed. */
    public record Imported(UUID id, boolean created) {
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** A session found inside a job's own team and project. */
    public record SessionRef(UUID id, String teamId, String projectId) {
    }
}
