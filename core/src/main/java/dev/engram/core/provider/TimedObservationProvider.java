package dev.engram.core.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every call of the provider it wraps as {@code engram.provider.calls}, tagged with the provider
 * and the outcome ({@code success}, {@code retryable}, {@code error}), so a slow or failing LLM shows up
 * on a dashboard before it shows up as a backlog.
 */
public final class TimedObservationProvider implements ObservationProvider {

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
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return delegate.generate(prompt);
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
                    .register(meters));
        }
    }
}
