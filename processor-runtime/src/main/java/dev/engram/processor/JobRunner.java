package dev.engram.processor;

import dev.engram.core.failure.DatabaseOutage;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobStatus;
import dev.engram.core.lane.Lane;
import dev.engram.core.observation.AnswerParseException;
import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.core.provider.ProviderReply;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.ProviderUsageStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one delivered record for a processor's {@link JobWork}. The record is only a hint: the job is
 * reloaded and its tenant checked against the record (a mismatch is audited and never processed), claimed
 * with a per-delivery token, refused (failed for good, audited, no provider asked) when the API key that created
 * it was revoked or has expired, its sources loaded, the provider asked, and the results written with the
 * job's completion in one transaction; with a {@linkplain ObservationProvider#local() local} provider the
 * whole run (claim included) is that one transaction. A retryable failure re-queues the job with back-off; anything else,
 * or running out of attempts, fails it for good. Every transition runs the work's own extra writes in its
 * transaction. The answer says how the delivery ended; {@link JobRecords} tells the binder.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int LOCK_CONFLICT_ATTEMPTS = 3;

    private final GenerationJobStore jobs;
    private final AuditStore audit;
    private final TransactionTemplate transactions;
    private final ObservationProvider provider;
    private final RetrySchedule retries;
    private final Duration processingLease;
    private final MeterRegistry meters;
    private final ProcessorActivity activity;
    private final @Nullable InFlightCalls inFlight;
    private final ProviderUsageStore usage;
    private final long dailyTokenBudget;
    private final JobTelemetry telemetry;

    JobRunner(GenerationJobStore jobs, AuditStore audit, TransactionTemplate transactions,
            ObservationProvider provider, RetrySchedule retries, Duration processingLease, MeterRegistry meters,
            ProcessorActivity activity, @Nullable InFlightCalls inFlight, ProviderUsageStore usage,
            long dailyTokenBudget, JobTelemetry telemetry) {
        this.jobs = jobs;
        this.audit = audit;
        this.transactions = transactions;
        this.provider = provider;
        this.retries = retries;
        this.processingLease = processingLease;
        this.meters = meters;
        this.activity = activity;
        this.inFlight = inFlight;
        this.usage = usage;
        this.dailyTokenBudget = dailyTokenBudget;
        this.telemetry = telemetry;
        // registered now, so a dashboard finds the series at zero before the first fallback
        meters.counter("engram.jobs.batch.fallbacks");
    }

    /** A record delivered alone begins its run: its span (in the request's trace) and its timer; see {@link JobTelemetry}. */
    JobTelemetry.Run begin(JobPayload hint, Lane lane, @Nullable String traceparent) {
        return telemetry.begin(hint, lane, traceparent);
    }

    /** A record of a poll begins its run, in its own request's trace; see {@link JobTelemetry#beginBatched}. */
    JobTelemetry.Run beginBatched(JobPayload hint, Lane lane, @Nullable String traceparent) {
        return telemetry.beginBatched(hint, lane, traceparent);
    }

    /**
     * Delivers a record: runs its job now and says how it ended, or — for a remote provider, when calls may overlap
     * ({@code engram.processor.max-in-flight}) — claims the job and hands the provider call to {@link InFlightCalls},
     * answering empty: the binder's thread goes back to its partition while the call runs.
     */
    <S, R> Optional<Ended> deliver(JobTelemetry.Run run, JobWork<S, R> work) {
        if (provider.local() || inFlight == null) {
            return Optional.of(run(run, work));
        }
        inFlight.submit(this, run, work);
        return Optional.empty();
    }

    /** Runs the job the record names, if there is anything to do, and says how the delivery ended. */
    <S, R> Ended run(JobTelemetry.Run run, JobWork<S, R> work) {
        try (JobTelemetry.Scope scope = run.open()) {
            return run.end(runJob(run.hint(), work));
        } catch (RuntimeException e) {
            run.abandon(e);
            throw e;
        }
    }

    private <S, R> Ended runJob(JobPayload hint, JobWork<S, R> work) {
        activity.started();
        try {
            if (provider.local()) {
                // Every step's own transaction joins this one: one commit per job, and the claim's row lock
                // holds until the results are written.
                Ended ended = transactions.execute(tx -> runSteps(hint, work));
                return Objects.requireNonNull(ended, "a job run ends with an outcome");
            }
            return runSteps(hint, work);
        } finally {
            activity.ended();
        }
    }

    /**
     * Delivers a batch of records (one poll of a lane): with a local provider they run together ({@link #runAll});
     * with a remote one each is {@linkplain #deliver delivered} on its own. Answers how the deliveries that ended here
     * ended; those handed to {@link InFlightCalls} are not among them.
     */
    <S, R> List<Ended> deliverAll(List<JobTelemetry.Run> runs, JobWork<S, R> work) {
        if (runs.isEmpty()) {
            return List.of();
        }
        if (provider.local()) {
            return runAll(runs, work);
        }
        List<Ended> ended = new ArrayList<>();
        runs.forEach(run -> deliver(run, work).ifPresent(ended::add));
        return ended;
    }

    /**
     * Runs a batch of records with a local provider in one transaction, with one statement per step for all of
     * them: find, claim, load ({@link JobWork#loadAll}), write ({@link JobWork#writeAll}), complete. A job that
     * ends otherwise (gone, another tenant's, delivered twice, its key refused, failed) ends as it would alone,
     * inside the same transaction. If the batch fails as a whole, none of it is kept and each record runs alone,
     * so one bad record never costs its neighbours their results; a record that then fails unexpectedly fails its
     * job for good. A failure of the database itself is thrown, for the binder to deliver the batch again.
     */
    <S, R> List<Ended> runAll(List<JobTelemetry.Run> runs, JobWork<S, R> work) {
        List<JobPayload> hints = runs.stream().map(JobTelemetry.Run::hint).toList();
        activity.started();
        try {
            List<Ended> ended = null;
            for (int attempt = 1; ended == null; attempt++) {
                try {
                    ended = Objects.requireNonNull(transactions.execute(tx -> runBatch(hints, work)),
                            "a batch ends with outcomes");
                } catch (PessimisticLockingFailureException e) {
                    // a deadlock or lock timeout with another transaction on the same jobs: it is gone on a rerun
                    if (attempt == LOCK_CONFLICT_ATTEMPTS) {
                        throw e;
                    }
                    log.debug("a batch of {} records met a lock conflict; running it again", hints.size());
                }
            }
            // counted once the batch committed: a batch run again, or alone, is not counted twice
            for (int i = 0; i < ended.size(); i++) {
                runs.get(i).end(count(hints.get(i).kind(), ended.get(i)));
            }
            meters.summary("engram.jobs.batch.size").record(hints.size());
            return ended;
        } catch (RuntimeException e) {
            if (transientFailure(e)) {
                runs.forEach(run -> run.abandon(e));
                throw e;
            }
            log.warn("a batch of {} records failed as a whole ({}); running each alone", hints.size(),
                    NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            meters.counter("engram.jobs.batch.fallbacks").increment();
            List<Ended> ended = new ArrayList<>(runs.size());
            for (int i = 0; i < runs.size(); i++) {
                try {
                    ended.add(runAlone(runs.get(i), work));
                } catch (RuntimeException failure) {
                    runs.subList(i + 1, runs.size()).forEach(run -> run.abandon(failure));
                    throw failure;
                }
            }
            return ended;
        } finally {
            activity.ended();
        }
    }

    private <S, R> List<Ended> runBatch(List<JobPayload> hints, JobWork<S, R> work) {
        Ended[] ended = new Ended[hints.size()];
        Map<String, GenerationJob> found = jobs.findAll(hints.stream().map(JobPayload::generationJobId).distinct()
                .toList());
        Map<String, Integer> runnable = new LinkedHashMap<>();
        for (int i = 0; i < hints.size(); i++) {
            JobPayload hint = hints.get(i);
            GenerationJob job = found.get(hint.generationJobId());
            Optional<Ended> unrunnable = unrunnable(hint, job, work);
            if (unrunnable.isPresent()) {
                ended[i] = unrunnable.get();
            } else if (runnable.putIfAbsent(job.id(), i) != null) {
                ended[i] = Ended.of(DeliveryOutcome.DUPLICATE, job.id());
            }
        }
        UUID token = UUID.randomUUID();
        Map<String, GenerationJob> claimed = runnable.isEmpty() ? Map.of()
                : jobs.claimAll(runnable.keySet(), token, processingLease);
        List<Claim> held = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : runnable.entrySet()) {
            GenerationJob job = found.get(entry.getKey());
            GenerationJob claim = claimed.get(entry.getKey());
            int i = entry.getValue();
            if (claim == null) {
                ended[i] = Ended.of(DeliveryOutcome.DUPLICATE, job.id());
                continue;
            }
            work.onTransition(claim, JobStatus.PROCESSING);
            if (job.keyRefusal() != null) {
                ended[i] = refuseKey(new Claim(claim, token), work, job.keyRefusal(), hints.get(i));
            } else {
                held.add(new Claim(claim, token));
            }
        }
        Map<String, Optional<S>> sources = work.loadAll(held.stream().map(Claim::job).toList());
        List<JobWork.Results<S, R>> results = new ArrayList<>();
        Map<GenerationJob, Map<String, Object>> details = new LinkedHashMap<>();
        for (Claim claim : held) {
            Produced<S, R> produced = produce(claim, work,
                    sources.getOrDefault(claim.job().id(), Optional.empty()));
            if (produced.ended() != null) {
                ended[runnable.get(claim.job().id())] = produced.ended();
                continue;
            }
            Generated<R> generated = Objects.requireNonNull(produced.generated());
            results.add(new JobWork.Results<>(claim.job(), Objects.requireNonNull(produced.sources()),
                    generated.results()));
            details.put(claim.job(), details(work, generated, produced.providerName()));
        }
        Map<String, Integer> inserted = results.isEmpty() ? Map.of() : work.writeAll(results);
        Map<GenerationJob, String> completions = new LinkedHashMap<>();
        details.forEach((job, detail) -> {
            detail.put("inserted", inserted.getOrDefault(job.id(), 0));
            completions.put(job, MAPPER.writeValueAsString(detail));
        });
        int completed = jobs.completeAll(completions, token);
        if (completed != completions.size()) {
            // cannot happen while the claims' row locks are held; if it does, keep nothing of the batch
            throw new IllegalStateException(completed + " of " + completions.size()
                    + " jobs completed in a batch that holds all their claims");
        }
        for (GenerationJob job : completions.keySet()) {
            work.onTransition(job, JobStatus.COMPLETED);
            ended[runnable.get(job.id())] = Ended.of(DeliveryOutcome.COMPLETED, job.id());
        }
        return List.of(ended);
    }

    /** One record of a batch that failed as a whole, run on its own; see {@link #runAll}. */
    private <S, R> Ended runAlone(JobTelemetry.Run run, JobWork<S, R> work) {
        try (JobTelemetry.Scope scope = run.open()) {
            return run.end(runOrFail(run.hint(), work));
        } catch (RuntimeException e) {
            run.abandon(e);
            throw e;
        }
    }

    private <S, R> Ended runOrFail(JobPayload hint, JobWork<S, R> work) {
        try {
            return runJob(hint, work);
        } catch (RuntimeException e) {
            if (transientFailure(e)) {
                throw e;
            }
            String reason = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
            log.error("job {} failed unexpectedly and is failed for good: {}", hint.generationJobId(), reason, e);
            Started started = start(hint, work);
            if (started.claim() == null) {
                return Objects.requireNonNull(started.ended());
            }
            return count(started.claim().job(), fail(started.claim(), work, "unexpected failure: " + reason,
                    "unexpected"));
        }
    }

    /**
     * A job that ended {@code retry_scheduled} outside {@link InFlightCalls}: re-run after its delay on the
     * workers there, when there are any; otherwise (max-in-flight 1) the relay's reconciler publishes it again
     * once due (engram.relay.republish-after).
     */
    <S, R> void retryLater(JobTelemetry.Run run, JobWork<S, R> work, Ended ended) {
        if (inFlight != null) {
            inFlight.retryLater(this, run, work, ended.retryIn() == null ? Duration.ZERO : ended.retryIn());
        }
    }

    /**
     * The database is unreachable or refused for a moment (a failed rollback after a cut connection too): worth
     * delivering the whole batch again, never a reason to fail a job for good.
     */
    private static boolean transientFailure(Throwable e) {
        return DatabaseOutage.causedBy(e);
    }

    private <S, R> Ended runSteps(JobPayload hint, JobWork<S, R> work) {
        Started started = start(hint, work);
        return started.claim() == null ? started.ended() : finish(started, work);
    }

    /**
     * The steps up to the provider call: reload, check, claim. A job that needs no call (gone, another tenant's,
     * not claimable, its key refused) comes back with how its delivery ended; a claimed one with its claim.
     */
    <S, R> Started start(JobPayload hint, JobWork<S, R> work) {
        Optional<GenerationJob> row = jobs.find(hint.generationJobId());
        Optional<Ended> unrunnable = unrunnable(hint, row.orElse(null), work);
        if (unrunnable.isPresent()) {
            return Started.ended(count(hint.kind(), unrunnable.get()));
        }
        GenerationJob job = row.get();
        UUID token = UUID.randomUUID();
        Optional<GenerationJob> claimed = transactions.execute(tx -> {
            Optional<GenerationJob> held = jobs.claim(job.id(), token, processingLease);
            held.ifPresent(h -> work.onTransition(h, JobStatus.PROCESSING));
            return held;
        });
        if (claimed == null || claimed.isEmpty()) {
            log.debug("job {} is {} and not claimable; duplicate delivery ignored", job.id(), job.status().wireName());
            return Started.ended(count(job, Ended.of(DeliveryOutcome.DUPLICATE, job.id())));
        }
        if (job.keyRefusal() != null) {
            return Started.ended(count(job, refuseKey(new Claim(claimed.get(), token), work, job.keyRefusal(), hint)));
        }
        return new Started(null, new Claim(claimed.get(), token));
    }

    /**
     * How the delivery of a job that must not run here ends: gone, another tenant's than the record says (audited),
     * or of a kind this work does not run; empty when the job may be claimed.
     */
    private Optional<Ended> unrunnable(JobPayload hint, @Nullable GenerationJob job, JobWork<?, ?> work) {
        if (job == null) {
            log.warn("job {} not found (purged?); record dropped", hint.generationJobId());
            return Optional.of(Ended.of(DeliveryOutcome.NOT_FOUND, hint.generationJobId()));
        }
        if (!job.teamId().equals(hint.teamId()) || !job.projectId().equals(hint.projectId())) {
            log.error("record for job {} names tenant {}/{} but the job belongs to {}/{}; not processed",
                    job.id(), hint.teamId(), hint.projectId(), job.teamId(), job.projectId());
            audit.append(job.teamId(), job.projectId(), null, null, "generation_job.scope_violation",
                    "generation_job", job.id(), hint.requestId(),
                    Map.of("recordTeamId", hint.teamId(), "recordProjectId", hint.projectId()));
            return Optional.of(Ended.of(DeliveryOutcome.SCOPE_VIOLATION, job.id()));
        }
        if (!work.profile().kinds().contains(job.kind())) {
            log.error("job {} is a {} job, which this processor does not run; record dropped", job.id(),
                    job.kind().wireName());
            return Optional.of(Ended.of(DeliveryOutcome.WRONG_KIND, job.id()));
        }
        return Optional.empty();
    }

    /** The rest of a claimed job's run: sources, provider, results, completion (or retry, or failure). */
    <S, R> Ended finish(Started started, JobWork<S, R> work) {
        Claim claim = Objects.requireNonNull(started.claim(), "only a claimed job is finished");
        return count(claim.job(), runClaimed(claim, work));
    }

    /**
     * The API key that created the job was revoked, has expired or is gone: no provider is asked, the job fails for
     * good, and an audit row says why.
     */
    private Ended refuseKey(Claim claim, JobWork<?, ?> work, String refusal, JobPayload hint) {
        GenerationJob job = claim.job();
        log.warn("job {} not processed: the API key that created it is {}", job.id(), refusal);
        audit.append(job.teamId(), job.projectId(), null, null, "generation_job.key_refused", "generation_job", job.id(),
                hint.requestId(), Map.of("key", refusal, "apiKeyId", String.valueOf(hint.apiKeyId())));
        return fail(claim, work, "the API key that created the job is " + refusal, "non_retryable");
    }

    private <S, R> Ended runClaimed(Claim claim, JobWork<S, R> work) {
        Produced<S, R> produced = produce(claim, work, work.load(claim.job()));
        if (produced.ended() != null) {
            return produced.ended();
        }
        return complete(claim, work, produced.sources(), produced.generated(), produced.providerName());
    }

    /** From the claimed job's sources to its results, or to how it ended without them (failed, retried, parked). */
    private <S, R> Produced<S, R> produce(Claim claim, JobWork<S, R> work, Optional<S> sources) {
        if (sources.isEmpty()) {
            return Produced.ended(fail(claim, work, work.profile().missingSources(), "non_retryable"));
        }
        Optional<Generated<R>> computed = work.withoutProvider(sources.get());
        if (computed.isPresent()) {
            return new Produced<>(null, sources.get(), computed.get(), "none");
        }
        if (!provider.local() && dailyTokenBudget > 0) {
            long used = usage.tokensToday(claim.job().teamId(), claim.job().projectId());
            if (used >= dailyTokenBudget) {
                return Produced.ended(park(claim, work, used));
            }
        }
        try {
            return new Produced<>(null, sources.get(), generate(claim.job(), work, sources.get()), provider.name());
        } catch (ProviderException e) {
            return Produced.ended(e.retryable()
                    ? retryOrFail(claim, work, e, "retryable")
                    : fail(claim, work, e.getMessage(), "non_retryable"));
        } catch (AnswerParseException e) {
            return Produced.ended(retryOrFail(claim, work, e, "parse_failure"));
        }
    }

    private <S, R> Generated<R> generate(GenerationJob job, JobWork<S, R> work, S sources) {
        Optional<String> prompt = work.prompt(sources);
        if (prompt.isEmpty()) {
            return Generated.skipped("nothing left after removing private content");
        }
        ProviderReply reply = provider.reply(prompt.get());
        if (!provider.local()) {
            // before parsing: an answer that cannot be parsed was billed all the same
            usage.record(job, provider.name(), reply.model(), reply.inputTokens(), reply.outputTokens());
        }
        return work.parse(reply.text());
    }

    /**
     * The project is over its daily token budget: the job goes back to {@code queued} until midnight UTC (its attempt
     * given back), so nothing is spent, nothing fails and nothing loops; the reconciler publishes it again then.
     */
    private Ended park(Claim claim, JobWork<?, ?> work, long used) {
        GenerationJob job = claim.job();
        Instant until = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", "the project used " + used + " tokens today; its daily budget is " + dailyTokenBudget
                + " (engram.generation.daily-token-budget); parked until " + until);
        error.put("classification", "budget");
        String json = MAPPER.writeValueAsString(error);
        transactions.executeWithoutResult(tx -> {
            if (jobs.park(job, claim.token(), until, json)) {
                work.onTransition(job, JobStatus.QUEUED);
            }
        });
        log.info("job {} parked until {}: project {} is over its daily token budget", job.id(), until,
                job.projectId());
        return Ended.of(DeliveryOutcome.PARKED, job.id());
    }

    private <S, R> Ended complete(Claim claim, JobWork<S, R> work, S sources, Generated<R> generated,
            String providerName) {
        Map<String, Object> details = details(work, generated, providerName);
        Boolean completed = transactions.execute(tx -> {
            details.put("inserted", work.write(claim.job(), sources, generated.results()));
            if (!jobs.complete(claim.job(), claim.token(), MAPPER.writeValueAsString(details))) {
                tx.setRollbackOnly();
                return false;
            }
            work.onTransition(claim.job(), JobStatus.COMPLETED);
            return true;
        });
        if (!Boolean.TRUE.equals(completed)) {
            log.info("job {} lost its claim while generating; results discarded", claim.job().id());
            return Ended.of(DeliveryOutcome.LOST_CLAIM, claim.job().id());
        }
        log.debug("job {} completed with {} {}", claim.job().id(), generated.results().size(), work.profile().resultsName());
        return Ended.of(DeliveryOutcome.COMPLETED, claim.job().id());
    }

    /** A completed job's {@code details}, but for how many of its results were new. */
    private static Map<String, Object> details(JobWork<?, ?> work, Generated<?> generated, String providerName) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(work.profile().resultsName(), generated.results().size());
        details.put("provider", providerName);
        if (generated.skipReason() != null) {
            details.put("skipped", generated.skipReason());
        }
        return details;
    }

    /** Re-queues the job with back-off or, once its attempts are spent, fails it for good. */
    private Ended retryOrFail(Claim claim, JobWork<?, ?> work, Exception cause, String classification) {
        GenerationJob job = claim.job();
        if (job.attempts() >= job.maxAttempts()) {
            return fail(claim, work, cause.getMessage(), classification);
        }
        String error = error(cause.getMessage(), classification);
        Duration delay = retries.delayAfter(job.attempts());
        if (cause instanceof ProviderException failure && failure.retryAfter().isPresent()
                && failure.retryAfter().get().compareTo(delay) > 0) {
            delay = failure.retryAfter().get();
        }
        Duration wait = delay;
        transactions.executeWithoutResult(tx -> {
            if (jobs.retryLater(job, claim.token(), wait, error)) {
                work.onTransition(job, JobStatus.QUEUED);
            }
        });
        return new Ended(DeliveryOutcome.RETRY_SCHEDULED, job.id(), cause.getMessage(), cause, wait);
    }

    /** Fails the job for good: {@code last_error = {reason, classification}}. */
    private Ended fail(Claim claim, JobWork<?, ?> work, @Nullable String reason, String classification) {
        GenerationJob job = claim.job();
        transactions.executeWithoutResult(tx -> {
            if (jobs.fail(job, claim.token(), error(reason, classification))) {
                work.onTransition(job, JobStatus.FAILED);
            }
        });
        return new Ended(DeliveryOutcome.FAILED, job.id(), String.valueOf(reason), null, null);
    }

    private Ended count(GenerationJob job, Ended ended) {
        return count(job.kind().wireName(), ended);
    }

    /** {@code engram.jobs.deliveries}: how each delivered record ended, per job type. */
    private Ended count(String jobType, Ended ended) {
        meters.counter("engram.jobs.deliveries", "job_type", jobType, "outcome", ended.outcome().tag()).increment();
        return ended;
    }

    private static String error(@Nullable String reason, String classification) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", reason == null ? "unknown" : reason);
        error.put("classification", classification);
        return MAPPER.writeValueAsString(error);
    }

    /** A claimed job's sources and results, or how it ended without them. */
    private record Produced<S, R>(@Nullable Ended ended, @Nullable S sources, @Nullable Generated<R> generated,
            String providerName) {

        static <S, R> Produced<S, R> ended(Ended ended) {
            return new Produced<>(ended, null, null, "");
        }
    }

    /** A job this delivery holds, and the token that proves it. */
    record Claim(GenerationJob job, UUID token) {
    }

    /** A delivery after its claim step: either ended (no claim) or holding its job. */
    record Started(@Nullable Ended ended, @Nullable Claim claim) {

        static Started ended(Ended ended) {
            return new Started(ended, null);
        }
    }

    /**
     * How a delivery ended.
     *
     * @param outcome the ending
     * @param jobId the job the record named
     * @param reason why it failed or will be retried, or null
     * @param cause the failure behind a scheduled retry, or null
     * @param retryIn for a scheduled retry, how long until the job may run again (the schedule's delay, or the
     *        provider's Retry-After when longer); else null
     */
    public record Ended(DeliveryOutcome outcome, String jobId, @Nullable String reason, @Nullable Throwable cause,
            @Nullable Duration retryIn) {

        static Ended of(DeliveryOutcome outcome, String jobId) {
            return new Ended(outcome, jobId, null, null, null);
        }
    }
}
