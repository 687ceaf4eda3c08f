package dev.engram.ops.jobs;

import dev.engram.core.job.JobStatus;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.GenerationJobStore.OperatorJob;
import dev.engram.ops.database.PostgresConnections;
import java.util.Map;
import java.util.UUID;

/**
 * An operator's retry and cancel from the command line: the API's conditional statements (the job's state
 * decides, so a retry never publishes twice) with the same audit rows, in one transaction, acting as
 * {@code engram-cli}.
 */
final class JobOperator {

    static final String ACTOR = "engram-cli";

    private final DatabaseSettings database;

    JobOperator(DatabaseSettings database) {
        this.database = database;
    }

    /** How an operation ended. */
    enum Outcome { DONE, ALREADY, REFUSED }

    record Result(Outcome outcome, OperatorJob job) {
    }

    /** Retries a failed or cancelled job: back in the queue and published again; a queued job is left alone. */
    Result retry(String id, String requestId) {
        return PostgresConnections.inTransaction(database, jdbc -> {
            GenerationJobStore jobs = new GenerationJobStore(jdbc);
            OperatorJob job = jobs.findForOperator(id).orElseThrow(() -> notFound(id));
            if (jobs.retryByOperator(id, job.teamId(), details(requestId))) {
                audit(jdbc, job, "generation_job.retried_by_operator", requestId);
                return new Result(Outcome.DONE, jobs.findForOperator(id).orElseThrow());
            }
            OperatorJob now = jobs.findForOperator(id).orElseThrow();
            return new Result(now.status() == JobStatus.QUEUED ? Outcome.ALREADY : Outcome.REFUSED, now);
        });
    }

    /** Cancels a queued, processing or failed job; a cancelled job is left alone; a completed one is refused. */
    Result cancel(String id, String requestId) {
        return PostgresConnections.inTransaction(database, jdbc -> {
            GenerationJobStore jobs = new GenerationJobStore(jdbc);
            OperatorJob job = jobs.findForOperator(id).orElseThrow(() -> notFound(id));
            if (jobs.cancelByOperator(id, job.teamId(), details(requestId))) {
                audit(jdbc, job, "generation_job.cancelled_by_operator", requestId);
                return new Result(Outcome.DONE, jobs.findForOperator(id).orElseThrow());
            }
            OperatorJob now = jobs.findForOperator(id).orElseThrow();
            return new Result(now.status() == JobStatus.CANCELLED ? Outcome.ALREADY : Outcome.REFUSED, now);
        });
    }

    static String newRequestId() {
        return "cli-" + UUID.randomUUID();
    }

    private static void audit(org.springframework.jdbc.core.simple.JdbcClient jdbc, OperatorJob job, String action,
            String requestId) {
        new AuditStore(jdbc).append(job.teamId(), job.projectId(), ACTOR, null, action, "generation_job", job.id(),
                requestId, Map.of("by", "operator", "via", "cli", "previousStatus", job.status().wireName()));
    }

    private static String details(String requestId) {
        return "{\"by\":\"operator\",\"via\":\"cli\",\"requestId\":\"" + requestId + "\"}";
    }

    private static IllegalArgumentException notFound(String id) {
        return new IllegalArgumentException("no job " + id + " (engram jobs list shows them)");
    }
}
