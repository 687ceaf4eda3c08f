package dev.engram.ingest.job;

import dev.engram.core.id.TimeOrderedIds;
import dev.engram.core.job.EnqueueRows;
import dev.engram.core.job.JobPayload;
import dev.engram.core.sql.GenerationJobsSql;
import dev.engram.core.sql.OutboxSql;
import dev.engram.ingest.sql.Params;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
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
    private final TransactionalOperator transactions;

    GenerationJobRepository(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
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
            EnqueueRows.add(rows, job.payload(), job.traceparent(), job.availableAt());
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

    /** A page of the jobs {@code query} selects, newest first, with their lane and payload. */
    public Flux<ListedJob> list(JobQuery query) {
        return filtered(db.sql(GenerationJobsSql.LIST), query)
                .bind("limit", query.limit())
                .bind("offset", query.offset())
                .map((row, meta) -> new ListedJob(StoredJob.from(row), row.get("lane", String.class),
                        row.get("payload", Json.class).asString()))
                .all();
    }

    /** How many jobs {@code query} selects, whatever the page. */
    public Mono<Long> count(JobQuery query) {
        return filtered(db.sql(GenerationJobsSql.COUNT), query).map((row, meta) -> row.get(0, Long.class)).one();
    }

    private static DatabaseClient.GenericExecuteSpec filtered(DatabaseClient.GenericExecuteSpec spec, JobQuery query) {
        return spec.bind("team", query.teamId())
                .bind("project", Params.nullable(query.projectId(), String.class))
                .bind("statuses", Params.nullable(array(query.statuses()), String[].class))
                .bind("sourceTypes", Params.nullable(array(query.sourceTypes()), String[].class))
                .bind("lanes", Params.nullable(array(query.lanes()), String[].class))
                .bind("since", Params.nullable(query.since(), Instant.class));
    }

    private static String @Nullable [] array(@Nullable List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    /**
     * Puts a failed or cancelled job back in the queue and writes the outbox row that publishes it again, in the
     * caller's transaction; empty when the job is in another state or out of scope (see
     * {@link GenerationJobsSql#RETRY_BY_OPERATOR}).
     */
    public Mono<RetriedJob> retry(String id, String teamId, @Nullable String projectScope, String detailsJson,
            @Nullable String traceparent) {
        return db.sql(GenerationJobsSql.RETRY_BY_OPERATOR)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .bind("details", detailsJson)
                .bind("outboxId", TimeOrderedIds.next())
                .bind("trace", Params.nullable(traceparent, String.class))
                .map((row, meta) -> new RetriedJob(StoredJob.from(row), row.get("retried_count", Integer.class)))
                .one();
    }

    /** Cancels a queued, processing or failed job, in the caller's transaction; empty in another state. */
    public Mono<StoredJob> cancel(String id, String teamId, @Nullable String projectScope, String detailsJson) {
        return db.sql(GenerationJobsSql.CANCEL_BY_OPERATOR)
                .bind("id", id)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .bind("details", detailsJson)
                .map((row, meta) -> StoredJob.from(row))
                .one();
    }

    /**
     * The next page (by id, after {@code afterId}) of the failed jobs of the team (and {@code projectScope}) that a
     * bulk requeue takes; each other filter is off when null.
     */
    public Flux<String> failedForRequeue(String teamId, @Nullable String projectScope, @Nullable String lane,
            @Nullable Instant since, @Nullable Instant until, @Nullable String errorContains, String afterId,
            int limit) {
        return db.sql(GenerationJobsSql.FAILED_FOR_REQUEUE)
                .bind("team", teamId)
                .bind("project", Params.nullable(projectScope, String.class))
                .bind("lane", Params.nullable(lane, String.class))
                .bind("since", Params.nullable(since, Instant.class))
                .bind("until", Params.nullable(until, Instant.class))
                .bind("error", Params.nullable(errorContains, String.class))
                .bind("after", afterId)
                .bind("limit", limit)
                .map((row, meta) -> row.get("id", String.class))
                .all();
    }

    /** How many times operators retried the job (0 before any). */
    public Mono<Integer> retriedCount(String id, String teamId) {
        return db.sql(GenerationJobsSql.RETRIED_COUNT).bind("id", id).bind("team", teamId)
                .map((row, meta) -> row.get(0, Integer.class)).one().defaultIfEmpty(0);
    }

    /** How many of the team's jobs are in each lane and status. */
    public Flux<LaneCount> countByLaneAndStatus(String teamId) {
        return db.sql(GenerationJobsSql.COUNT_BY_LANE_AND_STATUS).bind("team", teamId)
                .map((row, meta) -> new LaneCount(row.get("lane", String.class), row.get("status", String.class),
                        row.get("n", Long.class)))
                .all();
    }

    /**
     * Per lane: due outbox rows the relay has not published, and since when the oldest has been due; at most
     * {@code limit} rows counted, the oldest first.
     */
    public Flux<LaneBacklog> dueOutboxByLane(long limit) {
        return walkingIndexes(db.sql(OutboxSql.DUE_BACKLOG_BY_LANE).bind("limit", limit)
                .map(GenerationJobRepository::laneBacklog).all());
    }

    /**
     * Per lane: jobs ready to run and since when the longest-waiting has waited; of a team, or of all when null; at
     * most {@code limit} jobs counted, the longest untouched first (null: all).
     */
    public Flux<LaneBacklog> readyJobsByLane(@Nullable String teamId, @Nullable Long limit) {
        DatabaseClient.GenericExecuteSpec statement = db.sql(GenerationJobsSql.READY_BY_LANE);
        statement = teamId == null ? statement.bindNull("team", String.class) : statement.bind("team", teamId);
        if (limit == null) {
            return statement.bindNull("limit", Long.class).map(GenerationJobRepository::laneBacklog).all();
        }
        return walkingIndexes(statement.bind("limit", limit).map(GenerationJobRepository::laneBacklog).all());
    }

    /**
     * {@code reading} in a transaction of its own whose planner walks indexes ({@link GenerationJobsSql#WALK_INDEXES}):
     * a bounded reading then costs the same with or without statistics.
     */
    private <T> Flux<T> walkingIndexes(Flux<T> reading) {
        return transactions.transactional(db.sql(GenerationJobsSql.WALK_INDEXES).then().thenMany(reading));
    }

    private static LaneBacklog laneBacklog(Row row, RowMetadata meta) {
        OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
        return new LaneBacklog(row.get("lane", String.class), row.get("n", Long.class),
                oldest == null ? null : oldest.toInstant());
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

    /**
     * Which jobs a listing selects, inside the team; each filter is off when null.
     *
     * @param projectId one project's only
     * @param since created at or after
     */
    public record JobQuery(String teamId, @Nullable String projectId, @Nullable List<String> statuses,
            @Nullable List<String> sourceTypes, @Nullable List<String> lanes, @Nullable Instant since, int limit,
            int offset) {
    }

    /** A listed job with its lane and payload (JSON text). */
    public record ListedJob(StoredJob job, String lane, String payloadJson) {
    }

    /** A job an operator put back in the queue, and how many times operators have retried it. */
    public record RetriedJob(StoredJob job, int retriedCount) {
    }

    /** How many of a team's jobs are in one lane and status. */
    public record LaneCount(String lane, String status, long count) {
    }

    /** How many rows or jobs of a lane wait, and since when the longest-waiting one has waited. */
    public record LaneBacklog(String lane, long count, @Nullable Instant oldest) {
    }

    /** How many rows deleting a project's jobs removed. */
    public record ProjectJobsDeleted(long jobs, long jobEvents, long outbox) {
    }
}
