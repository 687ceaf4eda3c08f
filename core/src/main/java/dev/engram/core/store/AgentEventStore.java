package dev.engram.core.store;

import dev.engram.core.job.DebounceWindow;
import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.sql.AgentEventsSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * {@link #find} for a batch of jobs: each event looked up inside its own job's team and project; the ones
     * found, by event id.
     */
    public Map<String, PromptEvent> findAll(List<GenerationJob> jobs) {
        List<GenerationJob> withEvents = jobs.stream().filter(job -> job.agentEventId() != null).toList();
        if (withEvents.isEmpty()) {
            return Map.of();
        }
        Map<String, PromptEvent> found = new HashMap<>();
        jdbc.sql(AgentEventsSql.PROMPT_SOURCES_OF_JOBS)
                .param("ids", withEvents.stream().map(GenerationJob::agentEventId).toArray(UUID[]::new))
                .param("teams", withEvents.stream().map(GenerationJob::teamId).toArray(String[]::new))
                .param("projects", withEvents.stream().map(GenerationJob::projectId).toArray(String[]::new))
                .query(AgentEventStore::map).list()
                .forEach(event -> found.put(event.id(), event));
        return found;
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
