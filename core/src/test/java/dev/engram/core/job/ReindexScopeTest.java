package dev.engram.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReindexScopeTest {

    private static final UUID FIRST = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID LAST = UUID.fromString("ffffffff-0000-4000-8000-000000000002");

    @Test
    void aScopeIsItsSourceIdAndBack() {
        ReindexScope scope = new ReindexScope(FIRST, LAST, 200);
        assertThat(scope.sourceId()).isEqualTo("observations:" + FIRST + ".." + LAST);
        ReindexScope read = ReindexScope.fromSourceId(scope.sourceId());
        assertThat(read.first()).isEqualTo(FIRST);
        assertThat(read.last()).isEqualTo(LAST);
    }

    @Test
    void theSameScopeOfTheSameProjectIsTheSameJobAndAnotherProjectsIsNot() {
        ReindexScope scope = new ReindexScope(FIRST, LAST, 200);
        JobPayload payload = JobPayload.forReindex("team", "project", scope, "engram-cli", "r1");
        assertThat(payload.generationJobId()).startsWith("rix_")
                .isEqualTo(JobPayload.forReindex("team", "project", new ReindexScope(FIRST, LAST, 7), null, "r2")
                        .generationJobId())
                .isNotEqualTo(JobPayload.forReindex("team", "other", scope, null, null).generationJobId());
        assertThat(payload.jobKind()).isEqualTo(JobKind.REINDEX);
        assertThat(payload.sourceType()).isEqualTo("observation_reindex");
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> ReindexScope.fromSourceId("evt:abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a reindex scope");
        assertThatThrownBy(() -> ReindexScope.fromSourceId("observations:nope..nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
