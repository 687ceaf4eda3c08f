package dev.engram.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.key.Sha256;
import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void givesTheSameIdForTheSameSource() {
        assertThat(JobIds.jobId(JobKind.EVENT, "t", "p", "s")).isEqualTo(JobIds.jobId(JobKind.EVENT, "t", "p", "s"));
    }

    @Test
    void givesDifferentIdsWhenAnyPartDiffers() {
        String id = JobIds.jobId(JobKind.EVENT, "t", "p", "s");

        assertThat(id)
                .isNotEqualTo(JobIds.jobId(JobKind.EVENT, "t2", "p", "s"))
                .isNotEqualTo(JobIds.jobId(JobKind.EVENT, "t", "p2", "s"))
                .isNotEqualTo(JobIds.jobId(JobKind.EVENT, "t", "p", "s2"));
        assertThat(JobIds.jobId(JobKind.SUMMARY, "t", "p", "s").substring(4)).isNotEqualTo(id.substring(4));
    }

    @Test
    void prefixesIdsByKind() {
        assertThat(JobIds.jobId(JobKind.EVENT, "t", "p", "s")).startsWith("evt_");
        assertThat(JobIds.jobId(JobKind.SUMMARY, "t", "p", "s")).startsWith("sum_");
    }

    @Test
    void isPrefixPlus64HexCharsWithoutColons() {
        for (JobKind kind : JobKind.values()) {
            String id = JobIds.jobId(kind, "team:1", "project:2", "source:3");

            assertThat(id).doesNotContain(":").matches(kind.idPrefix() + "[0-9a-f]{64}");
        }
    }

    @Test
    void hashesTheCanonicalIdentityInFixedKeyOrder() {
        String expected = "evt_" + Sha256.hex(
                "{\"kind\":\"event\",\"team_id\":\"t\",\"project_id\":\"p\",\"source_type\":\"agent_event\",\"source_id\":\"s\"}");

        assertThat(JobIds.jobId(JobKind.EVENT, "t", "p", "s")).isEqualTo(expected);
    }
}
