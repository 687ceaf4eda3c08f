package dev.engram.processor;

import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.ObservationStore.Unembedded;
import dev.engram.embedding.Embedder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every stored observation, summary and memory its embedding, within about
 * {@code engram.embedding.interval} of the processor falling idle: a processor's own step beside its jobs,
 * never the ingest request path, and never while jobs run — a batch waits until no job has run for
 * {@code engram.embedding.idle-before}, so under a sustained stream embeddings lag and jobs do not.
 * Each pass claims a batch of rows still without one ({@code FOR UPDATE SKIP LOCKED}, so several processors
 * share the work), embeds them in one model call and writes them back in the same transaction; a row
 * written twice keeps its first vector. Without the embeddings table (no pgvector) it does nothing.
 */
final class EmbeddingBackfill implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingBackfill.class);

    private final ObservationStore observations;
    private final Embedder embedder;
    private final TransactionTemplate transactions;
    private final EmbeddingSettings settings;
    private final Counter embedded;
    private final Timer batches;
    private final ProcessorActivity activity;
    private volatile @Nullable ScheduledExecutorService executor;

    EmbeddingBackfill(ObservationStore observations, Embedder embedder, TransactionTemplate transactions,
            EmbeddingSettings settings, MeterRegistry meters, ProcessorActivity activity) {
        this.activity = activity;
        this.observations = observations;
        this.embedder = embedder;
        this.transactions = transactions;
        this.settings = settings;
        this.embedded = Counter.builder("engram.embedding.embedded").description("observations given an embedding")
                .register(meters);
        this.batches = Timer.builder("engram.embedding.batches").description("embedding batches, model and write")
                .register(meters);
    }

    @Override
    public void start() {
        if (!observations.hasEmbeddings()) {
            log.warn("the database has no observation_embeddings table (pgvector was missing when the schema was migrated); "
                    + "semantic search stays off: see docs/operations.md#pgvector");
            return;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "engram-embedding-backfill");
            thread.setDaemon(true);
            return thread;
        });
        executor = scheduler;
        long period = Math.max(10, settings.interval().toMillis());
        scheduler.scheduleWithFixedDelay(this::drain, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Embeds batches until none is full or a job wants the processor; failures are logged and the next pass
     * tries again.
     */
    void drain() {
        try {
            while (idle() && embedBatch() == settings.batchSize()) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            if (executor != null) {
                log.warn("embedding pass failed; retrying in {}", settings.interval(), e);
            }
        }
    }

    private boolean idle() {
        return activity.idleFor().compareTo(settings.idleBefore()) >= 0;
    }

    /** One transaction: claim, embed, write; returns how many rows it embedded. */
    int embedBatch() {
        Integer count = transactions.execute(tx -> batches.record(() -> {
            List<Unembedded> batch = observations.claimUnembedded(settings.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            List<float[]> vectors = embedder.embed(batch.stream().map(Unembedded::content).toList());
            for (int i = 0; i < batch.size(); i++) {
                observations.setEmbedding(batch.get(i).id(), Embedder.literal(vectors.get(i)));
            }
            return batch.size();
        }));
        int done = count == null ? 0 : count;
        embedded.increment(done);
        return done;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = executor;
        // Cleared first: a pass interrupted by the shutdown then ends quietly (see drain).
        executor = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
