package dev.engram.ingest.search;

import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.LocalEmbedder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The embedding of a search query, computed on the search path (about 5 ms, off the event loop) and kept
 * in a small LRU cache, so a repeated query costs no model run. Empty when embeddings are switched off.
 */
@Component
class QueryEmbeddings {

    private final @Nullable Embedder embedder;
    private final Map<String, String> cache;

    QueryEmbeddings(EmbeddingSettings settings) {
        this.embedder = settings.enabled() ? new LocalEmbedder() : null;
        int capacity = Math.max(1, settings.queryCacheSize());
        this.cache = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean enabled() {
        return embedder != null;
    }

    /** The query's vector in pgvector's text form; empty when embeddings are off. */
    Mono<Optional<String>> of(String query) {
        Embedder model = embedder;
        if (model == null) {
            return Mono.just(Optional.empty());
        }
        synchronized (cache) {
            String cached = cache.get(query);
            if (cached != null) {
                return Mono.just(Optional.of(cached));
            }
        }
        return Mono.fromCallable(() -> {
            String vector = Embedder.literal(model.embed(query));
            synchronized (cache) {
                cache.put(query, vector);
            }
            return Optional.of(vector);
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
