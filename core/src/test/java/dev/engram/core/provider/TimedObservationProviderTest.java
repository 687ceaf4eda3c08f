package dev.engram.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TimedObservationProviderTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void timesEachCallByProviderAndOutcome() {
        ObservationProvider flaky = new ObservationProvider() {
            private int calls;

            @Override
            public String name() {
                return "stub";
            }

            @Override
            public String generate(String prompt) {
                calls++;
                if (calls == 2) {
                    throw new ProviderException("429", true);
                }
                if (calls == 3) {
                    throw new ProviderException("400", false);
                }
                return "<skip_summary/>";
            }
        };
        TimedObservationProvider timed = new TimedObservationProvider(flaky, meters);

        assertThat(timed.generate("p")).isEqualTo("<skip_summary/>");
        assertThatThrownBy(() -> timed.generate("p")).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> timed.generate("p")).isInstanceOf(ProviderException.class);

        assertThat(timed.name()).isEqualTo("stub");
        assertThat(meters.get("engram.provider.calls").tag("provider", "stub").tag("outcome", "success").timer()
                .count()).isOne();
        assertThat(meters.get("engram.provider.calls").tag("outcome", "retryable").timer().count()).isOne();
        assertThat(meters.get("engram.provider.calls").tag("outcome", "error").timer().count()).isOne();
    }
}
