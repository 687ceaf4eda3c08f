package dev.engram.ingest.job;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for {@code generation_jobs}, their history and their outbox rows as the ingest API writes and reads
 * them. A job is created at most once per source: the deterministic id and the unique source key make a
 * repeat a no-op.
 */
@Repository
public class GenerationJobRepository {

    /*
     * The job, its {@code queued} history row and its outbox row in one statement (one round trip): the
     * history and outbox inserts read the job insert's RETURNING rows, so when the job already exists (a
     * repeated post, or the second event of a debounce window) none of the three rows is written. The
     * AFTER INSERT trigger on outbox wakes the relay when the caller's transaction commits.
     */
    private static final String ENQUEUE = """
            WITH job AS (
                INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, agent_event_id,
                                             server_session_id, job_type, lane, payload)
                VALUES (:id, :team, :project, :sourceType, :sourceId, :agentEvent, :serverSession, :jobType,
                        :lane, :payload)
                ON CONFLICT DO NOTHING
                RETURNING %1$s
            ), history AS (
                INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt, details)
                SELECT id, team_id, project_id, 'queued', status, attempts, '{}'::jsonb FROM job
            ), relay AS (
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tracingspancontext, available_at)
                SELECT :outboxId, :lane, id, :jobType, :payload, :trace, :availableAt FROM job
            )
            SELECT %1$s FROM job
            """.formatted(StoredJob.COLUMNS);

    private static final String FIND_BY_ID = """
            SELECT %s FROM generation_jobs
             WHERE id = :id AND team_id = :team AND (:project::text IS NULL OR project_id = :project)
            """.formatted(StoredJob.COLUMNS);

    private final DatabaseClient db;

    GenerationJobRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Creates the job described by {@code payload} with its {@code queued} history row and its outbox row,
     * inside the caller's transaction, or returns the existing job and writes nothing. Only a newly created
     * job gets an outbox row, so a repeated post never publishes twice.
     *
     * @param availableAt when the relay may publish the job; null for at once
     */
    public Mono<StoredJob> enqueue(JobPayload payload, @Nullable String traceparent, @Nullable Instant availableAt) {
        JobKind kind = payload.jobKind();
        Mono<StoredJob> created = db.sql(ENQUEUE)
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
                .bind("outboxId", UUID.randomUUID())
                .bind("trace", Params.nullable(traceparent, String.class))
                .bind("availableAt", Params.nullable(availableAt, Instant.class))
                .map((row, meta) -> StoredJob.from(row))
                .one();
        return created.switchIfEmpty(Mono.defer(() ->
                findById(payload.generationJobId(), payload.teamId(), payload.projectId())));
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
