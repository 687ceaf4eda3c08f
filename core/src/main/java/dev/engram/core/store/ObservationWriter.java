package dev.engram.core.store;

import dev.engram.core.observation.GenerationKeys;
import dev.engram.core.observation.ParsedObservation;
import dev.engram.core.observation.ParsedSummary;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a job's observations and links each to its source. Every row is keyed by its generation key
 * (job id, index, content hash) and inserted with ON CONFLICT DO NOTHING, so processing a job again
 * writes nothing new.
 */

public class ObservationWriter {

    private static final String INSERT = """
            INSERT INTO observations (team_id, project_id, server_session_id, kind, content, metadata,
                                      generation_key, created_by_job_id, created_at, updated_at)
            VALUES (:team, :project, :session, :kind, :content, :metadata::jsonb, :generationKey, :job,
                    clock_timestamp(), clock_timestamp())
            ON CONFLICT (team_id, project_id, generation_key) DO NOTHING
            RETURNING id
            """;

    private static final String FIND_BY_KEY = """
            SELECT id FROM observations WHERE team_id = :team AND project_id = :project AND generation_key = :generationKey
            """;

    private static final String LINK_SOURCE = """
            INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id,
                                             generation_job_id)
            VALUES (:observation, :team, :project, :sourceType, :sourceId, :job)
            ON CONFLICT (observation_id, source_type, source_id) DO NOTHING
            """;

    /** The kind of a session summary observation, and the source type linking it to its session. */
    public static final String SUMMARY_KIND = "summary";
    public static final String SESSION_SOURCE = "session";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ObservationWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the observations made from one source; returns how many rows were new. */
    public int write(GenerationJob job, List<ParsedObservation> observations, String sourceType, String sourceId) {
        return write(job, observations, sourceType, List.of(sourceId));
    }

    /**
     * Writes the observations made from several sources together (a debounce window's events) and links
     * each observation to every one of them; returns how many rows were new.
     */
    public int write(GenerationJob job, List<ParsedObservation> observations, String sourceType,
            List<String> sourceIds) {
        int inserted = 0;
        for (int index = 0; index < observations.size(); index++) {
            ParsedObservation observation = observations.get(index);
            if (insertAndLink(job, index, observation.type(), observation.content(), observation.metadata(),
                    job.serverSessionId(), sourceType, sourceIds)) {
                inserted++;
            }
        }
        return inserted;
    }

    /**
     * Writes a session's summary as an observation of kind {@code summary} on that session, linked to it as
     * source {@code session}; returns whether the row was new.
     */
    public boolean writeSummary(GenerationJob job, ParsedSummary summary, String sessionId) {
        return insertAndLink(job, 0, SUMMARY_KIND, summary.content(), summary.metadata(), UUID.fromString(sessionId),
                SESSION_SOURCE, List.of(sessionId));
    }

    private boolean insertAndLink(GenerationJob job, int index, String kind, String content,
            Map<String, Object> metadata, @Nullable UUID sessionId, String sourceType, List<String> sourceIds) {
        String generationKey = GenerationKeys.generationKey(job.id(), index, content);
        UUID id = jdbc.sql(INSERT)
                .param("team", job.teamId())
                .param("project", job.projectId())
                .param("session", sessionId)
                .param("kind", kind)
                .param("content", content)
                .param("metadata", MAPPER.writeValueAsString(metadata))
                .param("generationKey", generationKey)
                .param("job", job.id())
                .query(UUID.class).optional().orElse(null);
        boolean inserted = id != null;
        if (id == null) {
            id = jdbc.sql(FIND_BY_KEY).param("team", job.teamId()).param("project", job.projectId())
                    .param("generationKey", generationKey).query(UUID.class).single();
        }
        for (String sourceId : sourceIds) {
            jdbc.sql(LINK_SOURCE).param("observation", id).param("team", job.teamId())
                    .param("project", job.projectId()).param("sourceType", sourceType).param("sourceId", sourceId)
                    .param("job", job.id()).update();
        }
        return inserted;
    }
}
