package dev.engram.core.store;

import dev.engram.core.id.TimeOrderedIds;
import dev.engram.core.job.JobKind;
import dev.engram.core.job.EnqueueRows;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobStatus;
import dev.engram.core.sql.GenerationJobsSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

/**
 * Moves jobs through their states with conditional updates, so two deliveries of one record can never
 * both hold a job, and appends a history row for every transition in the same transaction.
 */
public class GenerationJobStore {

    private final JdbcClient jdbc;

    public GenerationJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<GenerationJob> find(String id) {
        return jdbc.sql(GenerationJobsSql.FIND_FOR_WORK).param("id", id)
                .query((rs, n) -> map(rs, rs.getString("key_refusal"))).optional();
    }

    /** Claims the job for this delivery; empty when it is not claimable (done, failed, or held by another). */
    public Optional<GenerationJob> claim(String id, UUID token, Duration lease) {
        // The claim and its history row are one statement.
        return jdbc.sql(GenerationJobsSql.CLAIM).param("id", id)
                .param("token", token.toString())
                .param("leaseSeconds", seconds(lease))
                .query((rs, n) -> map(rs, null)).optional();
    }

    /** {@link #find} for a batch of records: the jobs that exist, by id. */
    public Map<String, GenerationJob> findAll(Collection<String> ids) {
        Map<String, GenerationJob> found = new HashMap<>();
        jdbc.sql(GenerationJobsSql.FIND_ALL_FOR_WORK).param("ids", ids.toArray(String[]::new))
                .query((rs, n) -> map(rs, rs.getString("key_refusal"))).list()
                .forEach(job -> found.put(job.id(), job));
        return found;
    }

    /** {@link #claim} for a batch of jobs under one token: the ones claimed, by id (the others are not claimable). */
    public Map<String, GenerationJob> claimAll(Collection<String> ids, UUID token, Duration lease) {
        Map<String, GenerationJob> claimed = new HashMap<>();
        jdbc.sql(GenerationJobsSql.CLAIM_ALL).param("ids", ids.toArray(String[]::new))
                .param("token", token.toString())
                .param("leaseSeconds", seconds(lease))
                .query((rs, n) -> map(rs, null)).list()
                .forEach(job -> claimed.put(job.id(), job));
        return claimed;
    }

    /**
     * {@link #complete} for a batch of jobs held under {@code token}, each with its details; returns how many
     * completed (fewer than asked when a claim was lost).
     */
    public int completeAll(Map<GenerationJob, String> detailsJsonByJob, UUID token) {
        if (detailsJsonByJob.isEmpty()) {
            return 0;
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        detailsJsonByJob.forEach((job, details) -> rows.addObject().put("id", job.id()).put("token", token.toString())
                .put("attempt", job.attempts()).putRawValue("details", new RawValue(details)));
        return jdbc.sql(GenerationJobsSql.COMPLETE_ALL).param("rows", rows.toString()).update();
    }

    /** Completes a job this delivery holds; false when the claim was lost (cancelled or taken over). */
    public boolean complete(GenerationJob job, UUID token, String detailsJson) {
        return transition(GenerationJobsSql.COMPLETE, job, token, null, null, "completed", JobStatus.COMPLETED,
                detailsJson);
    }

    public boolean retryLater(GenerationJob job, UUID token, Duration delay, String errorJson) {
        return transition(GenerationJobsSql.RETRY_LATER, job, token, delay, errorJson, "retry_scheduled",
                JobStatus.QUEUED, errorJson);
    }

    public boolean fail(GenerationJob job, UUID token, String errorJson) {
        return transition(GenerationJobsSql.FAIL, job, token, null, errorJson, "failed", JobStatus.FAILED,
                errorJson);
    }

    /** Parks a job this delivery holds until {@code until} (see {@link GenerationJobsSql#PARK}); false if the claim was lost. */
    public boolean park(GenerationJob job, UUID token, Instant until, String errorJson) {
        return jdbc.sql(GenerationJobsSql.PARK).param("id", job.id()).param("token", token.toString())
                .param("until", Timestamp.from(until)).param("error", errorJson)
                .param("eventType", "parked").param("status", JobStatus.QUEUED.wireName())
                .param("attempt", Math.max(0, job.attempts() - 1)).param("details", errorJson).update() == 1;
    }

    /** Which of these jobs are terminal; see {@link GenerationJobsSql#TERMINAL_AMONG}. */
    public List<String> terminalAmong(Collection<String> jobIds) {
        return jdbc.sql(GenerationJobsSql.TERMINAL_AMONG).param("ids", jobIds.toArray(String[]::new))
                .query(String.class).list();
    }

    /** Jobs of every tenant not terminal yet (queued or processing). */
    public long countUnfinished() {
        return jdbc.sql(GenerationJobsSql.COUNT_UNFINISHED).query(Long.class).single();
    }

    /**
     * The broker acknowledged (or a connector's slot confirmed) these outbox rows: marks them published and their jobs
     * enqueued in one statement ({@link GenerationJobsSql#MARK_RELAYED}).
     */
    public void markRelayed(Collection<UUID> rowIds, Collection<String> jobIds) {
        jdbc.sql(GenerationJobsSql.MARK_RELAYED).param("rows", rowIds.toArray(UUID[]::new))
                .param("ids", jobIds.stream().distinct().toArray(String[]::new)).update();
    }

    /**
     * Enqueues jobs with their history and outbox rows in one statement ({@link GenerationJobsSql#ENQUEUE_ALL});
     * a job that already exists is left as it is. Returns the ids of the jobs created.
     */
    public List<String> enqueueAll(List<JobPayload> payloads) {
        if (payloads.isEmpty()) {
            return List.of();
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        payloads.forEach(payload -> EnqueueRows.add(rows, payload, null, null));
        return jdbc.sql(GenerationJobsSql.ENQUEUE_ALL).param("jobs", rows.toString())
                .query((rs, n) -> rs.getString("id")).list();
    }

    /**
     * Runs a finished reindex job again (see {@link GenerationJobsSql#RERUN_REINDEX}), published through the
     * outbox; false when it is not a reindex job or still queued or processing.
     */
    public boolean rerunReindex(String id, String teamId, String detailsJson) {
        return !jdbc.sql(GenerationJobsSql.RERUN_REINDEX)
                .param("id", id).param("team", teamId).param("project", null).param("details", detailsJson)
                .param("outboxId", TimeOrderedIds.next()).param("trace", null)
                .query((rs, n) -> rs.getString("id")).list().isEmpty();
    }

    /** How many of these jobs are in each status (statuses none is in are absent). */
    public Map<JobStatus, Long> statusCounts(Collection<String> jobIds) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        jdbc.sql(GenerationJobsSql.STATUS_COUNTS_AMONG).param("ids", jobIds.toArray(String[]::new))
                .query(rs -> {
                    counts.put(JobStatus.fromWireName(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    private boolean transition(String sql, GenerationJob job, UUID token, @Nullable Duration delay,
            @Nullable String errorJson, String eventType, JobStatus status, String detailsJson) {
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("id", job.id()).param("token", token.toString());
        if (delay != null) {
            statement = statement.param("delaySeconds", seconds(delay));
        }
        if (errorJson != null) {
            statement = statement.param("error", errorJson);
        }
        // The UPDATE and its history row are one statement; a row inserted means the job moved.
        return statement.param("eventType", eventType).param("status", status.wireName())
                .param("attempt", job.attempts()).param("details", detailsJson).update() == 1;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static GenerationJob map(ResultSet rs, @Nullable String keyRefusal) throws SQLException {
        return new GenerationJob(rs.getString("id"), rs.getString("team_id"), rs.getString("project_id"),
                rs.getString("source_id"), JobKind.fromWireName(rs.getString("job_type")),
                JobStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getObject("agent_event_id", UUID.class), rs.getObject("server_session_id", UUID.class), keyRefusal);
    }

    // ---- an operator's tools (engram jobs): any team unless one is named ----

    /** A page of jobs, newest first, across every team when {@code filter.teamId()} is null. */
    public List<OperatorJob> listForOperator(OperatorFilter filter) {
        return jdbc.sql(GenerationJobsSql.LIST_FOR_OPERATOR)
                .param("team", filter.teamId())
                .param("project", filter.projectId())
                .param("statuses", filter.statuses() == null ? null : filter.statuses().toArray(String[]::new))
                .param("sourceTypes", null)
                .param("lanes", filter.lanes() == null ? null : filter.lanes().toArray(String[]::new))
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("limit", filter.limit())
                .param("offset", 0)
                .query(GenerationJobStore::operatorJob).list();
    }

    /** One job of any team. */
    public Optional<OperatorJob> findForOperator(String id) {
        return jdbc.sql(GenerationJobsSql.FIND_FOR_OPERATOR).param("id", id).query(GenerationJobStore::operatorJob)
                .optional();
    }

    /** The job's history, oldest first. */
    public List<HistoryEntry> history(String id) {
        return jdbc.sql(GenerationJobsSql.HISTORY).param("id", id)
                .query((rs, n) -> new HistoryEntry(rs.getString("event_type"), rs.getString("status"),
                        rs.getInt("attempt"), rs.getString("details"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Counts per lane and status over every team, or {@code teamId}'s when not null. */
    public List<LaneStatus> statusByLane(@Nullable String teamId) {
        return jdbc.sql(GenerationJobsSql.STATUS_BY_LANE).param("team", teamId)
                .query((rs, n) -> new LaneStatus(rs.getString("lane"), JobStatus.fromWireName(rs.getString("status")),
                        rs.getLong("n"), rs.getLong("published"), instant(rs, "oldest_queued")))
                .list();
    }

    /**
     * An operator's retry of a failed or cancelled job of {@code teamId}, with its history and outbox rows (see
     * {@link GenerationJobsSql#RETRY_BY_OPERATOR}); false when the job is in another state.
     */
    public boolean retryByOperator(String id, String teamId, String detailsJson) {
        return !jdbc.sql(GenerationJobsSql.RETRY_BY_OPERATOR)
                .param("id", id).param("team", teamId).param("project", null).param("details", detailsJson)
                .param("outboxId", TimeOrderedIds.next()).param("trace", null)
                .query((rs, n) -> rs.getString("id")).list().isEmpty();
    }

    /** An operator's cancel of a queued, processing or failed job of {@code teamId}; false in another state. */
    public boolean cancelByOperator(String id, String teamId, String detailsJson) {
        return !jdbc.sql(GenerationJobsSql.CANCEL_BY_OPERATOR)
                .param("id", id).param("team", teamId).param("project", null).param("details", detailsJson)
                .query((rs, n) -> rs.getString("id")).list().isEmpty();
    }

    /** The next page (by id, after {@code afterId}) of failed jobs a bulk requeue takes. */
    public List<JobOfTeam> failedForRequeue(RequeueFilter filter, String afterId, int limit) {
        return jdbc.sql(GenerationJobsSql.FAILED_FOR_REQUEUE)
                .param("team", filter.teamId()).param("project", null).param("lane", filter.lane())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("until", filter.until() == null ? null : Timestamp.from(filter.until()))
                .param("error", filter.errorContains()).param("after", afterId).param("limit", limit)
                .query((rs, n) -> new JobOfTeam(rs.getString("id"), rs.getString("team_id"))).list();
    }

    private static OperatorJob operatorJob(ResultSet rs, int row) throws SQLException {
        return new OperatorJob(rs.getString("id"), rs.getString("team_id"), rs.getString("project_id"),
                rs.getString("source_type"), rs.getString("source_id"), rs.getString("job_type"), rs.getString("lane"),
                JobStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                instant(rs, "enqueued_at"), instant(rs, "completed_at"), instant(rs, "failed_at"),
                instant(rs, "cancelled_at"), rs.getString("last_error"), rs.getString("payload"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** Which jobs an operator lists; each filter is off when null. */
    public record OperatorFilter(@Nullable String teamId, @Nullable String projectId, @Nullable List<String> statuses,
            @Nullable List<String> lanes, @Nullable Instant since, int limit) {
    }

    /** A job as an operator sees it, payload included. */
    public record OperatorJob(String id, String teamId, String projectId, String sourceType, String sourceId,
            String jobType, String lane, JobStatus status, int attempts, int maxAttempts, Instant createdAt,
            Instant updatedAt, @Nullable Instant enqueuedAt, @Nullable Instant completedAt, @Nullable Instant failedAt,
            @Nullable Instant cancelledAt, @Nullable String lastErrorJson, String payloadJson) {
    }

    /** One row of a job's history. */
    public record HistoryEntry(String eventType, String status, int attempt, String detailsJson, Instant at) {
    }

    /** How many jobs of a lane are in one status; for {@code queued}, how many were published and the oldest. */
    public record LaneStatus(String lane, JobStatus status, long count, long published, @Nullable Instant oldestQueued) {
    }

    /** Which failed jobs a bulk requeue takes; each filter is off when null. */
    public record RequeueFilter(@Nullable String teamId, @Nullable String lane, @Nullable Instant since,
            @Nullable Instant until, @Nullable String errorContains) {
    }

    /** A job id and its team. */
    public record JobOfTeam(String id, String teamId) {
    }
}
