package dev.engram.ingest.search;

import dev.engram.ingest.observation.ObservationRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health}'s {@code search} component: which rankings this server can answer. Without
 * embeddings search still works, by words, so it stays UP and says {@code semantic: false} and why.
 */
@Component("search")
class SearchHealth implements ReactiveHealthIndicator {

    private final ObservationRepository observations;
    private final QueryEmbeddings embeddings;

    SearchHealth(ObservationRepository observations, QueryEmbeddings embeddings) {
        this.observations = observations;
        this.embeddings = embeddings;
    }

    @Override
    public Mono<Health> health() {
        if (!embeddings.enabled()) {
            return Mono.just(Health.up().withDetail("semantic", false)
                    .withDetail("reason", "engram.embedding.enabled=false").withDetail("default", "fulltext").build());
        }
        return observations.hasEmbeddings().map(available -> available
                ? Health.up().withDetail("semantic", true).withDetail("default", "hybrid").build()
                : Health.up().withDetail("semantic", false)
                        .withDetail("reason", "the database has no pgvector embeddings").withDetail("default", "fulltext")
                        .build());
    }
}
