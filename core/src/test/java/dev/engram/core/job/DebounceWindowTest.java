package dev.engram.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebounceWindowTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void eventsReceivedInTheSameIntervalShareOneWindowAndOneJob() {
        DebounceWindow first = DebounceWindow.containing("s-1", Instant.ofEpochMilli(1_000_000), TEN_SECONDS);
        DebounceWindow last = DebounceWindow.containing("s-1", Instant.ofEpochMilli(1_009_999), TEN_SECONDS);

        assertThat(last).isEqualTo(first);
        assertThat(first.start()).isEqualTo(Instant.ofEpochMilli(1_000_000));
        assertThat(first.end()).isEqualTo(Instant.ofEpochMilli(1_010_000));
        assertThat(JobPayload.forEventBatch("t", "p", last, null, null, null).generationJobId())
                .isEqualTo(JobPayload.forEventBatch("t", "p", first, null, null, null).generationJobId())
                .startsWith("bat_");
    }

    @Test
    void theNextIntervalIsANewWindow() {
        DebounceWindow first = DebounceWindow.containing("s-1", Instant.ofEpochMilli(1_009_999), TEN_SECONDS);
        DebounceWindow next = DebounceWindow.containing("s-1", Instant.ofEpochMilli(1_010_000), TEN_SECONDS);

        assertThat(next.start()).isEqualTo(first.end());
        assertThat(next.sourceId()).isNotEqualTo(first.sourceId());
    }

    @Test
    void sourceIdReadsBackToTheSameWindow() {
        DebounceWindow window = DebounceWindow.containing("5f1c-uuid", Instant.ofEpochMilli(1_764_000_123_456L),
                Duration.ofMillis(2500));

        assertThat(window.sourceId()).isEqualTo("5f1c-uuid@1764000122500+2500");
        assertThat(DebounceWindow.fromSourceId(window.sourceId())).isEqualTo(window);
        assertThatThrownBy(() -> DebounceWindow.fromSourceId("no-window")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policiesReadTheirWireNames() {
        assertThat(GenerationPolicy.fromWireName("end-of-session")).isEqualTo(GenerationPolicy.END_OF_SESSION);
        assertThatThrownBy(() -> GenerationPolicy.fromWireName("sometimes")).hasMessageContaining("per-event");
    }
}
