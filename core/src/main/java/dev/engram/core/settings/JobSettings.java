package dev.engram.core.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Generation jobs, as every app that moves them sees them.
 *
 * @param processingLease how long a claimed job may stay {@code processing}: after it, another delivery
 *        may take the job over (the processors) and the relay's reconciler publishes it again (ingest-api)
 */
@ConfigurationProperties("engram.jobs")
public record JobSettings(@DefaultValue("5m") Duration processingLease) {

    public JobSettings {
        if (processingLease.toMillis() < 1) {
            throw new IllegalArgumentException("engram.jobs.processing-lease must be at least 1ms");
        }
    }
}
