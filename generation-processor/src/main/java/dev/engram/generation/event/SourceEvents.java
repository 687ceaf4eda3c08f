package dev.engram.generation.event;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.prompt.PromptEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loads a job's source events from Postgres, inside the job's own team and project. */
@Repository
public class SourceEvents {

    private static final String FIND = """
            SELECT id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload
              FROM agent_events
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    private static final String IN_WINDOW = """
            SELECT id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload
              FROM agent_events
             WHERE team_id = :team AND project_id = :project AND server_session_id = :session
               AND received_at >= :start AND received_at < :end
             ORDER BY received_at, created_at, id
            """;

    private final JdbcClient jdbc;

    SourceEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PromptEvent> find(UUID eventId, String teamId, String projectId) {
        return jdbc.sql(FIND).param("id", eventId).param("team", teamId).param("project", projectId)
                .query(SourceEvents::map)
                .optional();
    }

    /** The session's events received within a debounce window, in the order they arrived. */
    public List<PromptEvent> inWindow(DebounceWindow window, String teamId, String projectId) {
        return jdbc.sql(IN_WINDOW).param("team", teamId).param("project", projectId)
                .param("session", UUID.fromString(window.sessionId()))
                .param("start", Timestamp.from(window.start())).param("end", Timestamp.from(window.end()))
                .query(SourceEvents::map)
                .list();
    }

    private static PromptEvent map(ResultSet rs, int row) throws SQLException {
        return new PromptEvent(rs.getString("id"), rs.getString("event_type"), rs.getString("source_adapter"),
                rs.getObject("occurred_at", Timestamp.class).toInstant(), rs.getString("payload"));
    }
}
