package dev.engram.ingest.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka as the ingest API sees it.
 *
 * @param bootstrapServers the brokers
 * @param partitions partitions of each lane topic and its dead-letter topic, created at start-up when missing
 */
@ConfigurationProperties("engram.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("6") int partitions) {
}
