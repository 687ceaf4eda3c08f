package dev.engram.ingest.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MemoryReadSettingsTest {

    @Test
    void aSizeSetIsTheSizeUsed() {
        assertThat(new MemoryReadSettings(1).connections()).isEqualTo(1);
        assertThat(new MemoryReadSettings(16).connections()).isEqualTo(16);
    }

    @Test
    void unsetItIsOnePerProcessorAndAtLeastTwo() {
        int processors = Runtime.getRuntime().availableProcessors();

        assertThat(new MemoryReadSettings(null).connections()).isEqualTo(processors < 2 ? 2 : processors);
    }

    @Test
    void aSizeBelowOneIsRefusedNamingTheKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MemoryReadSettings(0))
                .withMessageContaining("engram.search.pool-size").withMessageContaining("at least 1");
    }
}
