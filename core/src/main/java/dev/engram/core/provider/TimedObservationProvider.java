package dev.engram.core.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times every call of the provider it wraps as {@code engram.provider.calls}, tagged with the provider
 * and the outcome ({@code success}, {@code retryable}, {@code error}), so a slow or failing LLM shows up
 * on a dashboard before it shows up as a backlog.
 */
public final class TimedObservationProvider implements ObservationProvider {

    /** Buckets of {@code engram.provider.calls}, for latency quantiles on a dashboard. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final ObservationProvider delegate;
    private final MeterRegistry meters;

    public TimedObservationProvider(ObservationProvider delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean local() {
        return delegate.local();
    }

    @Override
    public String generate(String prompt) {
        return reply(prompt).text();
    }

    /** Also counts the tokens as {@code engram.provider.tokens}, by provider and direction ({@code in}, {@code out}). */
    @Override
    public ProviderReply reply(String prompt) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            ProviderReply reply = delegate.reply(prompt);
            if (reply.inputTokens() > 0 || reply.outputTokens() > 0) {
                meters.counter("engram.provider.tokens", "provider", delegate.name(), "direction", "in")
                        .increment(reply.inputTokens());
                meters.counter("engram.provider.tokens", "provider", delegate.name(), "direction", "out")
                        .increment(reply.outputTokens());
            }
            return reply;
        } catch (ProviderException e) {
            outcome = e.retryable() ? "retryable" : "error";
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            sample.stop(Timer.builder("engram.provider.calls")
                    .description("provider calls and their latency")
                    .tag("provider", delegate.name())
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(meters));
        }
    }
}
