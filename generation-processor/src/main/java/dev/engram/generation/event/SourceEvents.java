package dev.engram.generation.event;

import dev.engram.core.prompt.PromptEvent;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loads a job's source event from Postgres, inside the job's own team and project. */
@Repository
public class SourceEvents {

    private static final String FIND = """
            SELECT id::text AS id, event_type, source_adapter, occurred_at, payload::text AS payload
              FROM agent_events
             WHERE id = :id AND team_id = :team AND project_id = :project
            """;

    private final JdbcClient jdbc;

    SourceEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PromptEvent> find(UUID eventId, String teamId, String projectId) {
        return jdbc.sql(FIND).param("id", eventId).param("team", teamId).param("project", projectId)
                .query((rs, row) -> new PromptEvent(rs.getString("id"), rs.getString("event_type"),
                        rs.getString("source_adapter"), rs.getObject("occurred_at", Timestamp.class).toInstant(),
                        rs.getString("payload")))
                .optional();
    }
}
