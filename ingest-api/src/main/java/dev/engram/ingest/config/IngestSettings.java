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
 */
@ConfigurationProperties("engram.ingest")
public record IngestSettings(
        @DefaultValue("4MB") DataSize maxBodySize,
        @DefaultValue("512") int maxStringFieldLength,
        @DefaultValue("500") int maxBatchSize,
        @DefaultValue("30s") Duration waitTimeout) {
}
