package dev.engram.processor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Remote provider calls that overlap: the binder's thread reloads, checks and claims a job (a few milliseconds),
 * hands the call to a worker here and goes back to its partition, so one processor has up to
 * {@code engram.processor.max-in-flight} calls waiting on the provider instead of one per partition thread. When
 * that many are in flight the binder's thread waits for one to finish (back-pressure on the partition, never an
 * unbounded queue). A retryable failure runs again after its delay (the schedule's, or the provider's Retry-After);
 * a job that failed for good has its record published to the lane's dead-letter topic, as the binder would.
 *
 * <p>Nothing here is the only copy of anything: the job is {@code processing} in Postgres while its call runs and
 * {@code queued} (with {@code next_attempt_at}) while it waits for a retry. If the process dies, the claim's lease
 * runs out and the relay's reconciler publishes the job again; every write is idempotent.
 */
final class InFlightCalls implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InFlightCalls.class);
    private static final Duration BUSY_RETRY = Duration.ofMillis(100);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Semaphore permits;
    private final ExecutorService calls;
    private final ScheduledExecutorService retries;
    private final DeadLetters deadLetters;
    private final ProcessorActivity activity;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;

    InFlightCalls(int maxInFlight, DeadLetters deadLetters, ProcessorActivity activity, MeterRegistry meters) {
        this.permits = new Semaphore(maxInFlight);
        // Threads are bounded by the permits, not by the pool: a task never waits for a thread while holding one.
        this.calls = Executors.newCachedThreadPool(daemon("engram-provider-call-"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("engram-provider-retry-"));
        this.deadLetters = deadLetters;
        this.activity = activity;
        Gauge.builder("engram.processor.in_flight", inFlight, AtomicInteger::get)
                .description("provider calls in flight on this processor").register(meters);
    }

    /** On the binder's thread: claims the job and hands its call over; waits while the maximum is in flight. */
    <S, R> void submit(JobRunner runner, JobTelemetry.Run run, JobWork<S, R> work) {
        permits.acquireUninterruptibly();
        begin();
        boolean handedOver = false;
        try {
            JobRunner.Started started;
            try (JobTelemetry.Scope scope = run.open()) {
                started = runner.start(run.hint(), work);
            } catch (RuntimeException e) {
                run.abandon(e);
                throw e;
            }
            if (started.claim() == null) {
                settle(runner, run, work, run.end(Objects.requireNonNull(started.ended())));
                return;
            }
            calls.execute(() -> finish(runner, run, work, started));
            handedOver = true;
        } finally {
            if (!handedOver) {
                end();
            }
        }
    }

    /** On a worker, with the run's span current: the provider call and the results, or how the job ended. */
    private <S, R> void finish(JobRunner runner, JobTelemetry.Run run, JobWork<S, R> work, JobRunner.Started started) {
        try {
            JobRunner.Ended ended;
            try (JobTelemetry.Scope scope = run.open()) {
                ended = runner.finish(started, work);
            } catch (RuntimeException e) {
                // the claim's lease runs out and the reconciler publishes the job again
                run.abandon(e);
                log.error("job {} failed unexpectedly while its provider call was in flight; it is retried once "
                        + "its lease runs out", run.hint().generationJobId(), e);
                return;
            }
            settleOnWorker(runner, run, work, run.end(ended));
        } finally {
            end();
        }
    }

    /** On a worker, where nothing above would log a failure: its dead letter or retry, or why it could not be. */
    private <S, R> void settleOnWorker(JobRunner runner, JobTelemetry.Run run, JobWork<S, R> work,
            JobRunner.Ended ended) {
        try {
            settle(runner, run, work, ended);
        } catch (RuntimeException e) {
            log.error(ended.outcome() == DeliveryOutcome.FAILED
                    ? "job {} failed for good (so it stays in Postgres) but its record could not be dead-lettered"
                    : "job {} could not be scheduled to run again here; the reconciler publishes it once it is due",
                    run.hint().generationJobId(), e);
        }
    }

    /**
     * A job whose delivery ended {@code retry_scheduled} elsewhere (a batch): run again here after {@code delay}, in
     * the same trace as the run that scheduled it.
     */
    <S, R> void retryLater(JobRunner runner, JobTelemetry.Run scheduledBy, JobWork<S, R> work, Duration delay) {
        retries.schedule(() -> rerun(runner, scheduledBy, work), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A retry's second (or later) run, on a worker, as soon as a permit is free. */
    private <S, R> void rerun(JobRunner runner, JobTelemetry.Run scheduledBy, JobWork<S, R> work) {
        if (!running) {
            return;
        }
        if (!permits.tryAcquire()) {
            retries.schedule(() -> rerun(runner, scheduledBy, work), BUSY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        begin();
        calls.execute(() -> {
            JobTelemetry.Run run = scheduledBy.retry();
            try {
                JobRunner.Ended ended;
                try (JobTelemetry.Scope scope = run.open()) {
                    JobRunner.Started started = runner.start(run.hint(), work);
                    ended = started.claim() == null ? started.ended() : runner.finish(started, work);
                } catch (RuntimeException e) {
                    run.abandon(e);
                    log.error("job {} failed unexpectedly on a retry; it is retried once its lease runs out",
                            run.hint().generationJobId(), e);
                    return;
                }
                settleOnWorker(runner, run, work, run.end(Objects.requireNonNull(ended)));
            } finally {
                end();
            }
        });
    }

    private <S, R> void settle(JobRunner runner, JobTelemetry.Run run, JobWork<S, R> work, JobRunner.Ended ended) {
        switch (ended.outcome()) {
            case RETRY_SCHEDULED -> {
                Duration delay = ended.retryIn() == null ? Duration.ZERO : ended.retryIn();
                retries.schedule(() -> rerun(runner, run, work), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            case FAILED -> deadLetters.send(run.hint(), String.valueOf(ended.reason()));
            default -> {
            }
        }
    }

    private void begin() {
        inFlight.incrementAndGet();
        activity.started();
    }

    private void end() {
        activity.ended();
        inFlight.decrementAndGet();
        permits.release();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Lets the calls in flight finish (up to 10 s); a retry still waiting is left to the reconciler. */
    @Override
    public void stop() {
        running = false;
        retries.shutdownNow();
        calls.shutdown();
        try {
            if (!calls.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} provider calls still in flight at shutdown; their jobs are retried once their lease "
                        + "runs out", inFlight.get());
                calls.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the bindings and stops after them, so that no delivery finds the workers gone. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
