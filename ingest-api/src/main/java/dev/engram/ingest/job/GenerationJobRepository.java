package dev.engram.ingest.job;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.sql.GenerationJobsSql;
import dev.engram.core.sql.OutboxSql;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The reactive owner of {@code generation_jobs}, their history and their outbox rows (its SQL is
 * {@link GenerationJobsSql} and {@link OutboxSql}), as the ingest API writes and reads them. A job is created at most once per source: the deterministic id and the unique source key make a
 * repeat a no-op.
 */
@Repository
public class GenerationJobRepository {

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
        return enqueueAll(List.of(new JobToEnqueue(payload, traceparent, availableAt)))
                .map(jobs -> jobs.get(payload.generationJobId()));
    }

    /**
     * {@link #enqueue} for many jobs (distinct ids) in one statement; the caller's transaction holds it.
     * Returns every job, created or found, by id.
     */
    public Mono<Map<String, StoredJob>> enqueueAll(List<JobToEnqueue> wanted) {
        if (wanted.isEmpty()) {
            return Mono.just(Map.of());
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JobToEnqueue job : wanted) {
            JobPayload payload = job.payload();
            JobKind kind = payload.jobKind();
            rows.addObject()
                    .put("id", payload.generationJobId())
                    .put("team", payload.teamId())
                    .put("project", payload.projectId())
                    .put("source_type", payload.sourceType())
                    .put("source_id", payload.sourceId())
                    .put("agent_event", payload.agentEventId())
                    .put("server_session", payload.serverSessionId())
                    .put("job_type", kind.wireName())
                    .put("lane", kind.lane().wireName())
                    .put("outbox_id", UUID.randomUUID().toString())
                    .put("trace", job.traceparent())
                    .put("available_at", job.availableAt() == null ? null : job.availableAt().toString())
                    .put("ord", rows.size())
                    .set("payload", JobPayloadCodec.tree(payload));
        }
        return db.sql(GenerationJobsSql.ENQUEUE_ALL).bind("jobs", Json.of(rows.toString()))
                .map((row, meta) -> StoredJob.from(row))
                .all()
                .collectMap(StoredJob::id, job -> job, LinkedHashMap::new)
                .flatMap(created -> created.size() == wanted.size() ? Mono.just(created)
                        : findExisting(wanted, created));
    }

    /** The jobs of {@code wanted} that already existed, added to {@code created}. */
    private Mono<Map<String, StoredJob>> findExisting(List<JobToEnqueue> wanted, Map<String, StoredJob> created) {
        ArrayNode keys = JsonNodeFactory.instance.arrayNode();
        wanted.stream().map(JobToEnqueue::payload)
                .filter(payload -> !created.containsKey(payload.generationJobId()))
                .forEach(payload -> keys.addObject().put("id", payload.generationJobId())
                        .put("team", payload.teamId()).put("project", payload.projectId()));
        return db.sql(GenerationJobsSql.FIND_BY_KEYS).bind("keys", Json.of(keys.toString()))
                .map((row, meta) -> StoredJob.from(row))
                .all()
                .collectList()
                .map(found -> {
                    Map<String, StoredJob> all = new LinkedHashMap<>(created);
                    found.forEach(job -> all.put(job.id(), job));
                    return all;
                });
    }

    /** The job, if it belongs to the team and, for a project-scoped key, to the key's project. */
    public Mono<StoredJob> findById(String id, String teamId, @Nullable String projectScope) {
        return db.sql(GenerationJobsSql.FIND_BY_ID)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .map((row, meta) -> StoredJob.from(row))
                .one();
    }

    /** How many of the team's jobs are in each lane and status. */
    public Flux<LaneCount> countByLaneAndStatus(String teamId) {
        return db.sql(GenerationJobsSql.COUNT_BY_LANE_AND_STATUS).bind("team", teamId)
                .map((row, meta) -> new LaneCount(row.get("lane", String.class), row.get("status", String.class),
                        row.get("n", Long.class)))
                .all();
    }

    /**
     * Deletes the project's jobs with their outbox rows and history; part of a purge, in the caller's
     * transaction. Outbox rows carry no tenant columns, so they go first, found through the jobs.
     */
    public Mono<ProjectJobsDeleted> deleteProject(String teamId, String projectId) {
        return delete(OutboxSql.DELETE_PROJECT, teamId, projectId).flatMap(outbox ->
                delete(GenerationJobsSql.DELETE_PROJECT_HISTORY, teamId, projectId).flatMap(history ->
                delete(GenerationJobsSql.DELETE_PROJECT, teamId, projectId).map(jobs ->
                        new ProjectJobsDeleted(jobs, history, outbox))));
    }

    private Mono<Long> delete(String sql, String teamId, String projectId) {
        return db.sql(sql).bind("team", teamId).bind("project", projectId).fetch().rowsUpdated();
    }

    private static @Nullable UUID uuid(@Nullable String value) {
        return value == null ? null : UUID.fromString(value);
    }

    /**
     * A job to create with {@link #enqueueAll}.
     *
     * @param availableAt when the relay may publish it; null for at once
     */
    public record JobToEnqueue(JobPayload payload, @Nullable String traceparent, @Nullable Instant availableAt) {
    }

    /** How many of a team's jobs are in one lane and status. */
    public record LaneCount(String lane, String status, long count) {
    }

    /** How many rows deleting a project's jobs removed. */
    public record ProjectJobsDeleted(long jobs, long jobEvents, long outbox) {
    }
}
