package dev.engram.core.store;

import dev.engram.core.sql.SessionsSql;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds a session inside a job's tenant and tracks its {@code generation_status} alongside its summary
 * job. Callers run the updates in the transaction of the matching job transition.
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

    /** A session found inside a job's own team and project. */
    public record SessionRef(UUID id, String teamId, String projectId) {
    }
}
