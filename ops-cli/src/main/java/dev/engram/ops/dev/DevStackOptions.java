package dev.engram.ops.dev;

import dev.engram.core.settings.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link DevStack} needs to know; {@link #defaults()} is what {@code engram dev} runs with,
 * and the {@code with...} methods let tests move it to free ports, a temp directory and a test database.
 *
 * @param kafka the broker's ports and data directory
 * @param httpAddress the address the ingest API binds to
 * @param httpPort the ingest API's port; 0 picks a free one
 * @param database {@code engram.database.*} properties for every app and for the CLI's own JDBC
 * @param ingestProperties extra Spring properties for the ingest API; they win over everything else
 * @param processorProperties extra Spring properties for both processors; they win over everything else
 * @param stateDir where the dev API key is written ({@code dev-api-key})
 * @param processors whether the generation and summary processors run; without them jobs wait in Postgres
 *     and Kafka for processors started elsewhere (or later)
 * @param verbose whether every log line is shown on the terminal too, not only in {@code logs/engram-dev.log}
 * @param externalBroker bootstrap servers of a broker running elsewhere, used instead of {@code kafka}; or null
 */
public record DevStackOptions(
        KafkaBrokerSettings kafka,
        String httpAddress,
        int httpPort,
        Map<String, String> database,
        Map<String, String> ingestProperties,
        Map<String, String> processorProperties,
        Path stateDir,
        boolean processors,
        boolean verbose,
        @Nullable String externalBroker) {

    public DevStackOptions {
        database = Map.copyOf(database);
        ingestProperties = Map.copyOf(ingestProperties);
        processorProperties = Map.copyOf(processorProperties);
    }

    /** The apps' own defaults: 127.0.0.1:8080, Kafka on 9092, database engram, state in {@code .engram}. */
    public static DevStackOptions defaults() {
        return new DevStackOptions(KafkaBrokerSettings.defaults(), "127.0.0.1", 8080,
                DatabaseSettings.defaults().springProperties(), Map.of(), Map.of(), Path.of(".engram"), true, false, null);
    }

    public DatabaseSettings databaseSettings() {
        return DatabaseSettings.fromSpringProperties(database);
    }

    public DevStackOptions withKafka(KafkaBrokerSettings kafka) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withHttpPort(int httpPort) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withDatabase(Map<String, String> database) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withIngestProperties(Map<String, String> ingestProperties) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withProcessorProperties(Map<String, String> processorProperties) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withStateDir(Path stateDir) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withProcessors(boolean processors) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    public DevStackOptions withVerbose(boolean verbose) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties, stateDir, processors, verbose, externalBroker);
    }

    /** Uses the broker at {@code bootstrapServers} (e.g. one {@code engram broker} runs) instead of starting one. */
    public DevStackOptions withExternalBroker(@Nullable String bootstrapServers) {
        return new DevStackOptions(kafka, httpAddress, httpPort, database, ingestProperties, processorProperties,
                stateDir, processors, verbose, bootstrapServers);
    }
}
