package dev.engram.ingest.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the ingest API.
 *
 * @param maxBodySize largest request body accepted; larger ones answer 413
 * @param maxStringFieldLength longest value accepted for an identifier-like string field (ids, types, sources)
 * @param maxBatchSize most events accepted in one {@code POST /v1/events/batch}
 * @param waitTimeout longest a {@code ?wait=true} request holds its answer for the job to finish
 * @param waitPollInterval how often, while {@code ?wait=true} requests wait, one query asks which of their jobs
 *                         have finished
 * @param groupCommit how concurrent ingest requests share transactions
 * @param lookupCacheTtl how long a request trusts what an earlier one read of its API key, its project and
 *                       its session: a revoked key, a new generation policy or a purged session takes
 *                       effect within it (a key's expiry is exact); zero reads them on every request
 * @param rateLimit the per-key request rate limit (off by default)
 */
@ConfigurationProperties("engram.ingest")
public record IngestSettings(
        @DefaultValue("4MB") DataSize maxBodySize,
        @DefaultValue("512") int maxStringFieldLength,
        @DefaultValue("500") int maxBatchSize,
        @DefaultValue("30s") Duration waitTimeout,
        @DefaultValue("10ms") Duration waitPollInterval,
        @DefaultValue GroupCommit groupCommit,
        @DefaultValue("5s") Duration lookupCacheTtl,
        @DefaultValue RateLimit rateLimit) {

    /**
     * Group commit: requests that arrive while commits are in flight share the next one.
     *
     * @param maxEvents most events one shared commit writes (a single request larger than this is still
     *                  written, alone)
     * @param maxInFlight most ingest commits running at once; a request that finds one of them free is
     *                    written at once, without waiting for company
     */
    public record GroupCommit(@DefaultValue("1000") int maxEvents, @DefaultValue("2") int maxInFlight) {
    }

    /**
     * The per-key request rate limit, counted by each ingest-api instance on its own.
     *
     * @param perKey requests one API key may make per {@code period} on this instance; 0 turns the limit off
     * @param period the window {@code perKey} is counted over; a refused request is told to retry when the next
     *               one starts ({@code Retry-After})
     */
    public record RateLimit(@DefaultValue("0") int perKey, @DefaultValue("1s") Duration period) {

        public boolean enabled() {
            return perKey > 0;
        }
    }
}
