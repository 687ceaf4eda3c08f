package dev.engram.core.store;

import dev.engram.core.job.JobPayload;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps every processor takes around its own work on one delivered record: reload the job the
 * record names, refuse (and audit) a record whose tenant differs from the row, claim the job with a
 * per-delivery token, and end it — completed with its results in one transaction, re-queued with
 * back-off, or failed for good. Each ending runs the processor's own extra writes in the same
 * transaction, and the failures end in the exceptions the binder's retry understands.
 */
public final class JobDelivery {

    private static final Logger log = LoggerFactory.getLogger(JobDelivery.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final GenerationJobStore jobs;
    private final ScopeViolationAudit scopeViolations;
    private final TransactionTemplate transactions;
    private final RetrySchedule retries;
    private final Duration processingLease;
    private final MeterRegistry meters;

    public JobDelivery(GenerationJobStore jobs, ScopeViolationAudit scopeViolations, TransactionTemplate transactions,
            RetrySchedule retries, Duration processingLease, MeterRegistry meters) {
        this.jobs = jobs;
        this.scopeViolations = scopeViolations;
        this.transactions = transactions;
        this.retries = retries;
        this.processingLease = processingLease;
        this.meters = meters;
    }

    /**
     * Claims the job the record names when it exists, belongs to the record's tenant, is one of
     * {@code jobTypes} and is claimable; {@code alsoOnClaim} runs in the claim's transaction. Empty when
     * there is nothing to do: the record is then acknowledged without work.
     */
    public Optional<ClaimedJob> claim(JobPayload hint, Set<String> jobTypes, Consumer<GenerationJob> alsoOnClaim) {
        Optional<GenerationJob> row = jobs.find(hint.generationJobId());
        if (row.isEmpty()) {
            log.warn("job {} not found (purged?); record dropped", hint.generationJobId());
            count(hint.kind(), "not_found");
            return Optional.empty();
        }
        GenerationJob job = row.get();
        if (!ScopeViolationAudit.matches(job, hint)) {
            log.error("record for job {} names tenant {}/{} but the job belongs to {}/{}; not processed",
                    job.id(), hint.teamId(), hint.projectId(), job.teamId(), job.projectId());
            scopeViolations.record(job, hint);
            count(job.jobType(), "scope_violation");
            return Optional.empty();
        }
        if (!jobTypes.contains(job.jobType())) {
            log.error("job {} is a {} job, which this processor does not run; record dropped", job.id(),
                    job.jobType());
            return Optional.empty();
        }
        UUID token = UUID.randomUUID();
        Optional<GenerationJob> claimed = transactions.execute(tx -> {
            Optional<GenerationJob> held = jobs.claim(job.id(), token, processingLease);
            held.ifPresent(alsoOnClaim);
            return held;
        });
        if (claimed == null || claimed.isEmpty()) {
            log.debug("job {} is {} and not claimable; duplicate delivery ignored", job.id(), job.status());
            count(job.jobType(), "duplicate");
            return Optional.empty();
        }
        return Optional.of(new ClaimedJob(claimed.get(), token));
    }

    /**
     * Runs {@code results} (which writes the job's results and returns how many rows were new) and
     * completes the job, in one transaction. Returns false, with nothing written, when the job was
     * cancelled or taken over while the provider ran.
     */
    public boolean complete(ClaimedJob claim, Map<String, Object> details, ToIntFunction<GenerationJob> results) {
        Boolean completed = transactions.execute(tx -> {
            details.put("inserted", results.applyAsInt(claim.job()));
            if (!jobs.complete(claim.job(), claim.token(), MAPPER.writeValueAsString(details))) {
                tx.setRollbackOnly();
                return false;
            }
            return true;
        });
        if (!Boolean.TRUE.equals(completed)) {
            log.info("job {} lost its claim while generating; results discarded", claim.job().id());
            count(claim.job().jobType(), "lost_claim");
            return false;
        }
        count(claim.job().jobType(), "completed");
        return true;
    }

    /**
     * Re-queues the job with back-off and throws {@link RetryScheduled}, or, once its attempts are spent,
     * fails it for good like {@link #failForGood}. The {@code also...} writes share the transaction.
     */
    public void retryOrFail(ClaimedJob claim, Exception cause, String classification,
            Consumer<GenerationJob> alsoOnRetry, Consumer<GenerationJob> alsoOnFail) {
        GenerationJob job = claim.job();
        if (job.attempts() >= job.maxAttempts()) {
            failForGood(claim, cause.getMessage(), classification, alsoOnFail);
            return;
        }
        String error = error(cause.getMessage(), classification);
        transactions.executeWithoutResult(tx -> {
            if (jobs.retryLater(job, claim.token(), retries.delayAfter(job.attempts()), error)) {
                alsoOnRetry.accept(job);
            }
        });
        count(job.jobType(), "retry_scheduled");
        throw new RetryScheduled(job.id(), cause);
    }

    /** Fails the job for good ({@code last_error = {reason, classification}}) and throws {@link JobFailedPermanently}. */
    public void failForGood(ClaimedJob claim, @Nullable String reason, String classification,
            Consumer<GenerationJob> alsoOnFail) {
        GenerationJob job = claim.job();
        transactions.executeWithoutResult(tx -> {
            if (jobs.fail(job, claim.token(), error(reason, classification))) {
                alsoOnFail.accept(job);
            }
        });
        count(job.jobType(), "failed");
        throw new JobFailedPermanently(job.id(), String.valueOf(reason));
    }

    /** {@code engram.jobs.deliveries}: how each delivered record ended, per job type. */
    private void count(String jobType, String outcome) {
        meters.counter("engram.jobs.deliveries", "job_type", jobType, "outcome", outcome).increment();
    }

    private static String error(@Nullable String reason, String classification) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", reason == null ? "unknown" : reason);
        error.put("classification", classification);
        return MAPPER.writeValueAsString(error);
    }

    /** A job this delivery holds, and the token that proves it. */
    public record ClaimedJob(GenerationJob job, UUID token) {
    }
}
