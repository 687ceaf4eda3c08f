package dev.engram.ingest.observation;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pool of the ranked reads of memory ({@link MemoryReadConnections}).
 *
 * @param poolSize the connections searches, the context pack's timeline and recent reads may hold at once, beside
 *        the ingest pool; by default one per processor available to this JVM, at least two ({@link #connections()})
 */
@ConfigurationProperties("engram.search")
public record MemoryReadSettings(@Nullable Integer poolSize) {

    public MemoryReadSettings {
        if (poolSize != null && poolSize < 1) {
            throw new IllegalArgumentException("engram.search.pool-size must be at least 1, was " + poolSize);
        }
    }

    /**
     * The pool's size: {@link #poolSize()} when set, else one connection per processor, at least two. A ranked read is
     * Postgres's CPU from start to end, so more of them at once than there are cores to run them only share those
     * cores: every read then takes as long as the slowest ones around it. With fewer connections the others wait their
     * turn in the pool, in order, and the heaviest question no longer stretches all the rest (docs/benchmarks.md: on
     * two cores, two connections against eight ran hybrid search 40 % faster at half the p99). Where Postgres has more
     * cores than this JVM sees, set the size to about the cores it can give to searches.
     */
    public int connections() {
        return poolSize != null ? poolSize : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
