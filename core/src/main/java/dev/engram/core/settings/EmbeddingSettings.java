package dev.engram.core.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Embeddings for semantic search, computed by a local model (all-MiniLM-L6-v2). Without pgvector in the
 * database, none are computed and search answers full-text only, whatever these say.
 *
 * @param enabled whether this app loads the model: the processors to embed what is stored, the ingest API
 *        to embed queries
 * @param batchSize how many observations a processor embeds per transaction
 * @param interval how often a processor looks for observations still without an embedding (every new
 *        observation, summary and memory is embedded within about this long)
 * @param queryCacheSize how many query embeddings the ingest API keeps, so a repeated query costs no model run
 * @param idleBefore how long a processor must have run no job before it embeds a batch: embedding takes the
 *        cores jobs need, so it fills the gaps and lags under a sustained stream
 */
@ConfigurationProperties("engram.embedding")
public record EmbeddingSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("64") int batchSize,
        @DefaultValue("1s") Duration interval,
        @DefaultValue("1024") int queryCacheSize,
        @DefaultValue("250ms") Duration idleBefore) {
}
