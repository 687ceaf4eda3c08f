package dev.engram.ingest.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the ingest API.
 *
 * @param maxBodySize largest request body accepted; larger ones answer 413
 * @param maxStringFieldLength longest value accepted for an identifier-like string field (ids, types, sources)
 */
@ConfigurationProperties("engram.ingest")
public record IngestSettings(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("512") int maxStringFieldLength) {
}
