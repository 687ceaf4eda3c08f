package dev.engram.ingest.job;

import dev.engram.core.job.JobStatus;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.audit.AuditLog;
import dev.engram.ingest.auth.ApiKeyPrincipal;
import dev.engram.ingest.relay.OutboxWakeup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An operator's retry and cancel of one job, inside the key's scope. Each is one conditional statement (the
 * job's state decides, so two concurrent retries publish once) with its audit row, in one transaction; a job
 * in a state that refuses the operation is answered from a fresh read of it.
 */
@Service
public class JobOperations {

    private final GenerationJobRepository jobs;
    private final AuditLog audit;
    private final TransactionalOperator transactions;
    private final OutboxWakeup outbox;

    JobOperations(GenerationJobRepository jobs, AuditLog audit, TransactionalOperator transactions,
            OutboxWakeup outbox) {
        this.jobs = jobs;
        this.audit = audit;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    /**
     * Puts a failed or cancelled job back in the queue and publishes it again; a queued job is left alone
     * ({@code alreadyQueued}); a processing or completed one is a 409.
     */
    public Mono<Retry> retry(ApiKeyPrincipal key, String id, String requestId, @Nullable String traceparent) {
        String details = details(key, requestId).toString();
        Mono<Retry> retried = jobs.retry(id, key.teamId(), key.projectId(), details, traceparent)
                .flatMap(job -> audit.append(key, job.job().projectId(), "generation_job.retried_by_operator",
                                "generation_job", id, requestId, details(key, requestId))
                        .thenReturn(new Retry(job.job(), job.retriedCount(), false)));
        return retried
                .switchIfEmpty(Mono.defer(() -> current(key, id).flatMap(job -> job.status() == JobStatus.QUEUED
                        ? jobs.retriedCount(id, key.teamId()).map(count -> new Retry(job, count, true))
                        : Mono.error(new ApiException.Conflict("Generation job is " + job.status().wireName()
                                + "; only a failed or cancelled job can be retried")))))
                .as(transactions::transactional)
                .doOnNext(retry -> {
                    if (!retry.alreadyQueued()) {
                        outbox.rowsCommitted();
                    }
                });
    }

    /**
     * Cancels a queued, processing or failed job: a processor holding it loses its claim and a later delivery
     * does nothing. An already cancelled job is left alone ({@code alreadyCancelled}); a completed one is a 409.
     */
    public Mono<Cancel> cancel(ApiKeyPrincipal key, String id, String requestId) {
        Mono<Cancel> cancelled = jobs.cancel(id, key.teamId(), key.projectId(), details(key, requestId).toString())
                .flatMap(job -> audit.append(key, job.projectId(), "generation_job.cancelled_by_operator",
                                "generation_job", id, requestId, details(key, requestId))
                        .thenReturn(new Cancel(job, false)));
        return cancelled
                .switchIfEmpty(Mono.defer(() -> current(key, id).flatMap(job -> job.status() == JobStatus.CANCELLED
                        ? Mono.just(new Cancel(job, true))
                        : Mono.error(new ApiException.Conflict("Generation job is " + job.status().wireName()
                                + "; a completed job cannot be cancelled")))))
                .as(transactions::transactional);
    }

    /**
     * Retries, one after another at most {@code perSecond} a second, up to {@code limit} of the failed jobs the
     * filters select inside the key's scope, each as {@link #retry} does it (own statement, own audit row), so a
     * second call requeues nothing twice and a job retried meanwhile is skipped.
     */
    public Mono<Requeue> requeue(ApiKeyPrincipal key, RequeueQuery query, String requestId) {
        Duration pace = Duration.ofNanos(1_000_000_000L / query.perSecond());
        return jobs.failedForRequeue(key.teamId(), key.projectId(), query.lane(), query.since(), query.until(),
                        query.errorContains(), "", query.limit())
                .collectList()
                .flatMap(ids -> Flux.fromIterable(ids)
                        .index()
                        .concatMap(indexed -> (indexed.getT1() == 0 ? Mono.just(indexed.getT2())
                                : Mono.delay(pace).thenReturn(indexed.getT2()))
                                .flatMap(id -> retry(key, id, requestId, null)
                                        .map(retry -> !retry.alreadyQueued())
                                        // a job taken meanwhile, or purged with its project, is left alone
                                        .onErrorResume(e -> e instanceof ApiException.Conflict
                                                || e instanceof ApiException.NotFound, e -> Mono.just(false))))
                        .collectList()
                        .map(outcomes -> new Requeue(ids.size(), (int) outcomes.stream().filter(done -> done).count(),
                                ids)));
    }

    /** Which failed jobs a bulk requeue takes (each filter off when null), how many, and how fast. */
    public record RequeueQuery(@Nullable String lane, @Nullable Instant since, @Nullable Instant until,
            @Nullable String errorContains, int limit, int perSecond) {
    }

    /** How many failed jobs matched, how many went back in the queue, and which they were. */
    public record Requeue(int matched, int requeued, List<String> jobIds) {
    }

    private Mono<StoredJob> current(ApiKeyPrincipal key, String id) {
        return jobs.findById(id, key.teamId(), key.projectId())
                .switchIfEmpty(Mono.error(() -> new ApiException.NotFound("Generation job")));
    }

    private static ObjectNode details(ApiKeyPrincipal key, String requestId) {
        return JsonNodeFactory.instance.objectNode().put("by", "operator").put("apiKeyId", key.keyId())
                .put("requestId", requestId);
    }

    /** A retry's outcome: the job as it is now. */
    public record Retry(StoredJob job, int retriedCount, boolean alreadyQueued) {
    }

    /** A cancel's outcome: the job as it is now. */
    public record Cancel(StoredJob job, boolean alreadyCancelled) {
    }
}
