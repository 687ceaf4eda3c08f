package dev.engram.processor;

import dev.engram.core.job.JobPayload;
import dev.engram.core.lane.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The span and the timer of every job a processor runs. The span joins the trace of the request that created the
 * job: on a lane consumed a record at a time it is a child of the binder's receive span (which continued the
 * record's {@code traceparent} header, restored by the relay from the outbox row); on a lane consumed a poll at a
 * time, which Spring Kafka does not observe, each record's own span is made here from its header. While a job runs
 * on a thread its span is current and {@code requestId} is in the MDC, so log lines carry both.
 * {@code engram.jobs.run} times each run from delivery to its ending, by lane, job type and outcome.
 */
final class JobTelemetry {

    static final String TRACEPARENT = "traceparent";
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(2)};

    private final Tracer tracer;
    private final Propagator propagator;
    private final MeterRegistry meters;

    JobTelemetry(Tracer tracer, Propagator propagator, MeterRegistry meters) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.meters = meters;
    }

    /**
     * A record delivered alone begins its run: its span is a child of the span current on this thread (the binder's
     * receive span, which continued the record's header), or else of the record's {@code traceparent}, or else the
     * root of a trace of its own.
     */
    Run begin(JobPayload hint, Lane lane, @Nullable String traceparent) {
        return tracer.currentSpan() != null ? new Run(hint, lane, describe(tracer.nextSpan().start(), hint, lane),
                System.nanoTime()) : beginBatched(hint, lane, traceparent);
    }

    /**
     * A record of a poll begins its run: its span is a child of the record's own {@code traceparent} whatever span is
     * current (the poll's records belong to as many traces), or else the root of a trace of its own.
     */
    Run beginBatched(JobPayload hint, Lane lane, @Nullable String traceparent) {
        Span span = traceparent == null ? tracer.spanBuilder().setNoParent().kind(Span.Kind.CONSUMER).start()
                : propagator.extract(traceparent, (carrier, key) -> TRACEPARENT.equals(key) ? carrier : null)
                        .kind(Span.Kind.CONSUMER).start();
        return new Run(hint, lane, describe(span, hint, lane), System.nanoTime());
    }

    /** The {@code traceparent} of a record's headers as the binder maps them (bytes or text), or null. */
    static @Nullable String traceparent(Map<?, ?> headers) {
        Object value = headers.get(TRACEPARENT);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value instanceof String text ? text : null;
    }

    private static Span describe(Span span, JobPayload hint, Lane lane) {
        return span.name("process " + lane.topic())
                .tag("messaging.destination.name", lane.topic())
                .tag("engram.job.id", hint.generationJobId())
                .tag("engram.job.type", hint.kind())
                .tag("engram.request.id", String.valueOf(hint.requestId()));
    }

    /** One run of a delivered job: its span and when it began. */
    final class Run {

        private final JobPayload hint;
        private final Lane lane;
        private final Span span;
        private final long began;

        private Run(JobPayload hint, Lane lane, Span span, long began) {
            this.hint = hint;
            this.lane = lane;
            this.span = span;
            this.began = began;
        }

        JobPayload hint() {
            return hint;
        }

        /** Makes the run's span current on this thread and puts its request id in the MDC, until closed. */
        Scope open() {
            Tracer.SpanInScope inScope = tracer.withSpan(span);
            MDC.MDCCloseable requestId = MDC.putCloseable("requestId", String.valueOf(hint.requestId()));
            return () -> {
                requestId.close();
                inScope.close();
            };
        }

        /** The run ended: its span says how, and {@code engram.jobs.run} records how long it took. */
        JobRunner.Ended end(JobRunner.Ended ended) {
            span.tag("engram.job.outcome", ended.outcome().tag());
            if (ended.outcome() == DeliveryOutcome.FAILED) {
                span.error(ended.cause() != null ? ended.cause()
                        : new JobFailedPermanently(ended.jobId(), String.valueOf(ended.reason())));
            }
            finish(ended.outcome().tag());
            return ended;
        }

        /** The run was cut short by a failure that gets the record delivered again (the database went away). */
        void abandon(Throwable failure) {
            span.error(failure);
            finish("redelivered");
        }

        /** A scheduled retry's run: in the same trace, a child of this one's span. */
        Run retry() {
            Span next = tracer.spanBuilder().setParent(span.context()).kind(Span.Kind.CONSUMER).start();
            return new Run(hint, lane, describe(next, hint, lane), System.nanoTime());
        }

        private void finish(String outcome) {
            span.end();
            Timer.builder("engram.jobs.run")
                    .description("job runs from delivery to their ending")
                    .tag("lane", lane.wireName())
                    .tag("job_type", hint.kind())
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(BUCKETS)
                    .register(meters)
                    .record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
        }
    }

    /** A run's span and MDC entry on the current thread. */
    interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
