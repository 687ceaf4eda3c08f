package dev.engram.ingest.observation;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** Reads observations with their sources, always inside one team and project. */
@Repository
public class ObservationReader {

    private static final String FOR_EVENT = """
            SELECT o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata,
                   o.generation_key, o.created_by_job_id, o.created_at, o.updated_at,
                   s.id AS source_row_id, s.source_type, s.source_id, s.generation_job_id,
                   s.created_at AS source_created_at
              FROM observation_sources s
              JOIN observations o ON o.id = s.observation_id
             WHERE s.team_id = :team AND s.project_id = :project
               AND o.team_id = :team AND o.project_id = :project
               AND s.source_type = 'agent_event' AND s.source_id = :eventId
             ORDER BY o.created_at, o.id
            """;

    private static final String FOR_SESSION = """
            SELECT o.id, o.team_id, o.project_id, o.server_session_id, o.kind, o.content, o.metadata,
                   o.generation_key, o.created_by_job_id, o.created_at, o.updated_at
              FROM observations o
             WHERE o.team_id = :team AND o.project_id = :project AND o.server_session_id = :session
             ORDER BY o.created_at, o.id
            """;

    private final DatabaseClient db;
    private final JsonMapper mapper;

    ObservationReader(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** The observations made from one event, oldest first, in claude-mem's ObservationWithSource shape. */
    public Flux<Map<String, Object>> forEvent(String teamId, String projectId, String eventId) {
        return db.sql(FOR_EVENT)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("eventId", eventId)
                .map((row, meta) -> withSource(row))
                .all();
    }

    /** A session's observations, its summary included, oldest first. */
    public Flux<Map<String, Object>> forSession(String teamId, String projectId, UUID sessionId) {
        return db.sql(FOR_SESSION)
                .bind("team", teamId)
                .bind("project", projectId)
                .bind("session", sessionId)
                .map((row, meta) -> observation(row))
                .all();
    }

    private Map<String, Object> observation(Readable row) {
        Map<String, Object> view = new LinkedHashMap<>();
        UUID session = row.get("server_session_id", UUID.class);
        view.put("id", row.get("id", UUID.class).toString());
        view.put("projectId", row.get("project_id", String.class));
        view.put("teamId", row.get("team_id", String.class));
        view.put("serverSessionId", session == null ? null : session.toString());
        view.put("kind", row.get("kind", String.class));
        view.put("content", row.get("content", String.class));
        view.put("metadata", mapper.readTree(row.get("metadata", Json.class).asString()));
        view.put("createdAtEpoch", row.get("created_at", Instant.class).toEpochMilli());
        view.put("updatedAtEpoch", row.get("updated_at", Instant.class).toEpochMilli());
        view.put("generationKey", row.get("generation_key", String.class));
        view.put("createdByJobId", row.get("created_by_job_id", String.class));
        return view;
    }

    private Map<String, Object> withSource(Readable row) {
        Map<String, Object> view = observation(row);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", row.get("source_row_id", UUID.class).toString());
        source.put("sourceType", row.get("source_type", String.class));
        source.put("sourceId", row.get("source_id", String.class));
        source.put("generationJobId", row.get("generation_job_id", String.class));
        source.put("createdAtEpoch", row.get("source_created_at", Instant.class).toEpochMilli());
        view.put("source", source);
        return view;
    }
}
