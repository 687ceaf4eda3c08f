package dev.engram.ingest.job;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for {@code generation_jobs} and their history as the ingest API writes and reads them. A job is
 * created at most once per source: the deterministic id and the unique source key make a repeat a no-op.
 */
@Repository
public class GenerationJobRepository {

    private static final String INSERT = """
            INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id,
                                         server_session_id, job_type, lane, payload)
            VALUES (:id, :team, :project, :sourceType, :sourceId, :agentEvent, :serverSession, :jobType, :lane,
                    :payload)
            ON CONFLICT DO NOTHING
            RETURNING %s
            """.formatted(StoredJob.COLUMNS);

    private static final String APPEND_EVENT = """
            INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
            VALUES (:job, :team, :project, :eventType, :status, :attempt, :details)
            """;

    private static final String FIND_BY_ID = """
            SELECT %s FROM generation_jobs
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(StoredJob.COLUMNS);

    private final DatabaseClient db;

    GenerationJobRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the job described by {@code payload}, or completes empty when it already exists. */
    public Mono<StoredJob> insertIfAbsent(JobPayload payload) {
        JobKind kind = payload.jobKind();
        return db.sql(INSERT)
                .bind("id", payload.generationJobId())
                .bind("team", payload.teamId())
                .bind("project", payload.projectId())
                .bind("sourceType", payload.sourceType())
                .bind("sourceId", payload.sourceId())
                .bind("agentEvent", Params.nullable(uuid(payload.agentEventId()), UUID.class))
                .bind("serverSession", Params.nullable(uuid(payload.serverSessionId()), UUID.class))
                .bind("jobType", kind.wireName())
                .bind("lane", kind.lane().wireName())
                .bind("payload", Json.of(JobPayloadCodec.write(payload)))
                .map((row, meta) -> StoredJob.from(row))
                .one();
    }

    public Mono<Void> appendEvent(StoredJob job, String eventType, String detailsJson) {
        return db.sql(APPEND_EVENT)
                .bind("job", job.id())
                .bind("team", job.teamId())
                .bind("project", job.projectId())
                .bind("eventType", eventType)
                .bind("status", job.status())
                .bind("attempt", job.attempts())
                .bind("details", Json.of(detailsJson))
                .then();
    }

    /** The job, if it belongs to the team and, for a project-scoped key, to the key's project. */
    public Mono<StoredJob> findById(String id, String teamId, @Nullable String projectScope) {
        return db.sql(FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredJob.from(row))
                .one();
    }

    private static @Nullable UUID uuid(@Nullable String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
