package dev.engram.core.store;

import dev.engram.core.observation.GenerationKeys;
import dev.engram.core.observation.ParsedObservation;
import java.util.List;
import java.util.UUID;
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

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ObservationWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the observations made from one source; returns how many rows were new. */
    public int write(GenerationJob job, List<ParsedObservation> observations, String sourceType, String sourceId) {
        int inserted = 0;
        for (int index = 0; index < observations.size(); index++) {
            ParsedObservation observation = observations.get(index);
            String content = observation.content();
            String generationKey = GenerationKeys.generationKey(job.id(), index, content);
            UUID id = jdbc.sql(INSERT)
                    .param("team", job.teamId())
                    .param("project", job.projectId())
                    .param("session", job.serverSessionId())
                    .param("kind", observation.type())
                    .param("content", content)
                    .param("metadata", MAPPER.writeValueAsString(observation.metadata()))
                    .param("generationKey", generationKey)
                    .param("job", job.id())
                    .query(UUID.class).optional().orElse(null);
            if (id != null) {
                inserted++;
            } else {
                id = jdbc.sql(FIND_BY_KEY).param("team", job.teamId()).param("project", job.projectId())
                        .param("generationKey", generationKey).query(UUID.class).single();
            }
            jdbc.sql(LINK_SOURCE).param("observation", id).param("team", job.teamId())
                    .param("project", job.projectId()).param("sourceType", sourceType).param("sourceId", sourceId)
                    .param("job", job.id()).update();
        }
        return inserted;
    }
}
