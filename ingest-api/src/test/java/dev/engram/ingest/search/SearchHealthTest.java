package dev.engram.ingest.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ingest.IngestApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.test.StepVerifier;

/** The search health component says which rankings this server answers. */
class SearchHealthTest extends IngestApiTest {

    @Autowired
    SearchHealth health;

    @Test
    void withPgvectorTheDefaultIsHybrid() {
        StepVerifier.create(health.health())
                .assertNext(answer -> {
                    assertThat(answer.getStatus()).isEqualTo(Status.UP);
                    assertThat(answer.getDetails()).containsEntry("semantic", true).containsEntry("default", "hybrid");
                })
                .verifyComplete();
    }

    @Test
    void withoutEmbeddingsItStaysUpAndSaysSo() {
        SearchHealth off = new SearchHealth(null, new QueryEmbeddings(new dev.engram.core.settings.EmbeddingSettings(
                false, 64, java.time.Duration.ofSeconds(1), 16, java.time.Duration.ofMillis(250))));

        Health answer = off.health().block();

        assertThat(answer.getStatus()).isEqualTo(Status.UP);
        assertThat(answer.getDetails()).containsEntry("semantic", false).containsEntry("default", "fulltext");
    }
}
