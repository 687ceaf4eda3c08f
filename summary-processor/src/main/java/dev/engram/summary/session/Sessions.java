package dev.engram.summary.session;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a session and tracks its {@code generation_status} alongside its summary job: {@code processing}
 * while claimed, {@code queued} while a retry waits, then {@code completed} or {@code failed}. Callers run
 * these updates in the transaction of the matching job transition.
 */
@Repository
public class Sessions {

    private static final String FIND = """
            SELECT id, team_id, project_id
              FROM sessions
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    private static final String SET_STATUS = """
            UPDATE sessions SET generation_status = :status, updated_at = now()
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    private static final String MARK_GENERATED = """
            UPDATE sessions SET generation_status = 'completed', last_generated_at = now(), updated_at = now()
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    private final JdbcClient jdbc;

    Sessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Session> find(UUID id, String teamId, String projectId) {
        return jdbc.sql(FIND).param("id", id).param("team", teamId).param("project", projectId)
                .query((rs, row) -> new Session(rs.getObject("id", UUID.class), rs.getString("team_id"),
                        rs.getString("project_id")))
                .optional();
    }

    /** A session's {@code generation_status} while its summary job is under way or has failed. */
    public enum Status {
        PROCESSING("processing"), QUEUED("queued"), FAILED("failed");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }
    }

    public void mark(UUID id, String teamId, String projectId, Status status) {
        jdbc.sql(SET_STATUS).param("status", status.wireName).param("id", id).param("team", teamId)
                .param("project", projectId).update();
    }

    /** The session's summary is done (written, or skipped because nothing was worth keeping). */
    public void markGenerated(UUID id, String teamId, String projectId) {
        jdbc.sql(MARK_GENERATED).param("id", id).param("team", teamId).param("project", projectId).update();
    }
}
