package dev.engram.generation.consumer;

import dev.engram.core.job.JobKind;
import dev.engram.core.job.ReindexScope;
import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.core.store.GenerationJob;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.ObservationStore.Indexed;
import dev.engram.embedding.Embedder;
import dev.engram.processor.Generated;
import dev.engram.processor.JobWork;
import dev.engram.processor.JobWork.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs a {@code reindex} job: recomputes the search rows and embeddings of one scope of a project's
 * observations ({@link ReindexScope}) from the observations themselves, without a provider. A row that is
 * missing or differs is rewritten and one whose observation is gone is dropped; a row already right is left
 * alone, so running a scope twice changes nothing the second time. Without pgvector (or with embeddings off)
 * only the search rows are recomputed.
 */
@Component
class ReindexWork implements JobWork<ReindexWork.Scope, ReindexWork.Row> {

    private static final Profile PROFILE = new Profile(Set.of(JobKind.REINDEX), "reindexed",
            "the reindex scope cannot be read");

    private final ObservationStore observations;
    private final @Nullable Embedder embedder;
    private final int embeddingBatch;
    private volatile @Nullable Boolean embeddingsTable;

    ReindexWork(ObservationStore observations, ObjectProvider<Embedder> embedder, EmbeddingSettings embedding) {
        this.observations = observations;
        this.embedder = embedder.getIfAvailable();
        this.embeddingBatch = Math.max(1, embedding.batchSize());
    }

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public Optional<Scope> load(GenerationJob job) {
        ReindexScope scope;
        try {
            scope = ReindexScope.fromSourceId(job.sourceId());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // An empty scope (its rows deleted since) still has search rows and embeddings to drop.
        return Optional.of(new Scope(scope, observations.inReindexScope(job.teamId(), job.projectId(), scope)));
    }

    /** Each row of the scope with its embedding, a model call per {@code engram.embedding.batch-size} rows. */
    @Override
    public Optional<Generated<Row>> withoutProvider(Scope sources) {
        List<Indexed> rows = sources.rows();
        List<Row> results = new ArrayList<>(rows.size());
        boolean embeds = embeds();
        for (int from = 0; from < rows.size(); from += embeddingBatch) {
            List<Indexed> batch = rows.subList(from, Math.min(rows.size(), from + embeddingBatch));
            List<float[]> vectors = embeds ? embedder.embed(batch.stream().map(Indexed::content).toList()) : null;
            for (int i = 0; i < batch.size(); i++) {
                results.add(new Row(batch.get(i), vectors == null ? null : Embedder.literal(vectors.get(i))));
            }
        }
        return Optional.of(Generated.of(results));
    }

    @Override
    public Optional<String> prompt(Scope sources) {
        throw new UnsupportedOperationException("reindexing asks no provider");
    }

    @Override
    public Generated<Row> parse(String answer) {
        throw new UnsupportedOperationException("reindexing asks no provider");
    }

    /** Returns how many search and embedding rows were rewritten or dropped. */
    @Override
    public int write(GenerationJob job, Scope sources, List<Row> results) {
        int changed = observations.reindexSearchRows(job.teamId(), job.projectId(), sources.scope());
        if (embeds()) {
            changed += observations.reindexEmbeddings(job.teamId(), job.projectId(), sources.scope(),
                    results.stream().map(Row::observation).toList(), results.stream().map(Row::vector).toList());
        }
        return changed;
    }

    private boolean embeds() {
        if (embedder == null) {
            return false;
        }
        Boolean known = embeddingsTable;
        if (known == null) {
            known = observations.hasEmbeddings();
            embeddingsTable = known;
        }
        return known;
    }

    /** A reindex job's scope and the observations it holds now. */
    record Scope(ReindexScope scope, List<Indexed> rows) {
    }

    /** One observation of the scope and its embedding (pgvector's text form; null without embeddings). */
    record Row(Indexed observation, @Nullable String vector) {
    }
}
