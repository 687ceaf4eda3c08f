package dev.engram.core.store;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.sql.AgentEventsSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Loads events as prompt sources, always inside one team and project. */
public class AgentEventStore {

    private final JdbcClient jdbc;

    public AgentEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PromptEvent> find(UUID eventId, String teamId, String projectId) {
        return jdbc.sql(AgentEventsSql.PROMPT_SOURCE).param("id", eventId).param("team", teamId)
                .param("project", projectId)
                .query(AgentEventStore::map)
                .optional();
    }

    /** The session's events received within a debounce window, in the order they arrived. */
    public List<PromptEvent> inWindow(DebounceWindow window, String teamId, String projectId) {
        return jdbc.sql(AgentEventsSql.PROMPT_SOURCES_IN_WINDOW).param("team", teamId).param("project", projectId)
                .param("session", UUID.fromString(window.sessionId()))
                .param("start", Timestamp.from(window.start())).param("end", Timestamp.from(window.end()))
                .query(AgentEventStore::map)
                .list();
    }

    /** Every event of a session, in the order they occurred. */
    public List<PromptEvent> ofSession(UUID sessionId, String teamId, String projectId) {
        return jdbc.sql(AgentEventsSql.PROMPT_SOURCES_OF_SESSION).param("session", sessionId)
                .param("team", teamId).param("project", projectId)
                .query(AgentEventStore::map)
                .list();
    }

    private static PromptEvent map(ResultSet rs, int row) throws SQLException {
        return new PromptEvent(rs.getString("id"), rs.getString("event_type"), rs.getString("source_adapter"),
                rs.getObject("occurred_at", Timestamp.class).toInstant(), rs.getString("payload"));
    }
}
