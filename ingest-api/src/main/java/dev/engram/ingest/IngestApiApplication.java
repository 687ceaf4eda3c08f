package dev.engram.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.settings.EmbeddingSettings;
import dev.engram.core.settings.GenerationSettings;
import dev.engram.core.settings.JobSettings;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Boots the ingest API. */
@SpringBootApplication
@ConfigurationPropertiesScan
// The settings other apps read too are core's records; this app's own are found by the scan.
@EnableConfigurationProperties({DatabaseSettings.class, JobSettings.class, GenerationSettings.class,
        EmbeddingSettings.class})
public class IngestApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApiApplication.class, args);
    }
}
