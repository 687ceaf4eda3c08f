package dev.engram.summary.session;

import dev.engram.core.prompt.PromptEvent;
import dev.engram.core.store.ObservationWriter;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What happened in a session: its events in the order they occurred, and the observations made from them. */
@Repository
public class SessionHistory {

    private static final String EVENTS = """
            SELECT id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload
              FROM agent_events
             WHERE server_session_id = :session AND team_id = :team AND project_id = :project
             ORDER BY occurred_at, created_at, id
            """;

    /** Earlier summaries are left out: a summary is made from the work, not from other summaries. */
    private static final String OBSERVATIONS = """
            SELECT content
              FROM observations
             WHERE server_session_id = :session AND team_id = :team AND project_id = :project
               AND kind <> :summaryKind
             ORDER BY created_at, id
            """;

    private final JdbcClient jdbc;

    SessionHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PromptEvent> events(Session session) {
        return jdbc.sql(EVENTS).param("session", session.id()).param("team", session.teamId())
                .param("project", session.projectId())
                .query((rs, row) -> new PromptEvent(rs.getString("id"), rs.getString("event_type"),
                        rs.getString("source_adapter"), rs.getObject("occurred_at", Timestamp.class).toInstant(),
                        rs.getString("payload")))
                .list();
    }

    public List<String> observationContents(Session session) {
        return jdbc.sql(OBSERVATIONS).param("session", session.id()).param("team", session.teamId())
                .param("project", session.projectId()).param("summaryKind", ObservationWriter.SUMMARY_KIND)
                .query(String.class).list();
    }
}
