package dev.engram.ingest.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.core.testing.TestTenant;
import dev.engram.ingest.IngestApiTest;
import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.observation.ObservationFilter;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.observation.WordMatch;
import dev.engram.ingest.project.ProjectAccess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A server without embeddings (switched off, or no pgvector) ranks by words whatever was asked, and a caller that
 * asked for meaning is told so: the context pack passes the notice on as a search does.
 */
class SearchWithoutEmbeddingsTest extends IngestApiTest {

    @Autowired
    ProjectAccess projects;
    @Autowired
    ObservationRepository observations;
    @Autowired
    ReadAudit audit;
    @Autowired
    SearchSettings settings;

    @Test
    void meaningAskedForIsAnsweredByWordsWithANotice() {
        TestTenant tenant = newTenant();
        MemoryFixture.write(tenant, tenant.projectId());
        SearchService withoutEmbeddings = new SearchService(projects, observations, audit, new QueryEmbeddings(
                new EmbeddingSettings(false, 64, Duration.ofSeconds(1), 16, Duration.ofMillis(250))), settings);
        ObservationFilter filter = ObservationFilter.of(tenant.teamId(), tenant.projectId(), 5);

        SearchService.Ranked semantic = withoutEmbeddings.relevant(filter, "exponential backoff", SearchMode.SEMANTIC,
                WordMatch.ALL).block();
        SearchService.Ranked byDefault = withoutEmbeddings.relevant(filter, "exponential backoff", null, WordMatch.ALL)
                .block();

        assertThat(semantic.mode()).isEqualTo(SearchMode.FULLTEXT);
        assertThat(semantic.notice()).isEqualTo(SearchService.SEMANTIC_UNAVAILABLE);
        assertThat(semantic.observations()).isNotEmpty()
                .allMatch(o -> o.observation().content().contains("exponential backoff"));
        // nothing was asked for: words are the default here, not a downgrade
        assertThat(byDefault.mode()).isEqualTo(SearchMode.FULLTEXT);
        assertThat(byDefault.notice()).isNull();
    }
}
