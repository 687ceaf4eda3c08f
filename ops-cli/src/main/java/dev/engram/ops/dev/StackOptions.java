package dev.engram.ops.dev;

import dev.engram.ops.database.DatabaseOptions;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that starts a {@link DevStack} ({@code engram dev}, {@code engram demo}). */
public final class StackOptions {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the ingest API (0 picks a free one; default ${DEFAULT-VALUE}).")
    private int port = 8080;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default ${DEFAULT-VALUE}).")
    private int kafkaPort = KafkaBrokerSettings.DEFAULT_PORT;

    @Option(names = "--kafka-controller-port", defaultValue = "9093", description = "Kafka KRaft controller port (default ${DEFAULT-VALUE}).")
    private int kafkaControllerPort = KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT;

    @Option(names = "--external-broker", paramLabel = "HOST:PORT",
            description = "Use the Kafka broker at HOST:PORT (e.g. one `engram broker` runs) instead of starting one here.")
    private @Nullable String externalBroker;

    @Option(names = "--state-dir", defaultValue = ".engram",
            description = "Directory for Kafka's data and the dev API key (default ${DEFAULT-VALUE}).")
    private Path stateDir = Path.of(".engram");

    @Option(names = "--verbose", description = "Show every log line of the broker and the apps here, not only in "
            + "<state-dir>/logs/engram-dev.log.")
    private boolean verbose;

    @Mixin
    private DatabaseOptions database = new DatabaseOptions();

    public DevStackOptions toDevStackOptions() {
        return DevStackOptions.defaults()
                .withHttpPort(port)
                .withKafka(new KafkaBrokerSettings(kafkaPort, kafkaControllerPort, stateDir.resolve("kafka")))
                .withDatabase(database.settings().springProperties())
                .withStateDir(stateDir)
                .withVerbose(verbose)
                .withExternalBroker(externalBroker);
    }
}
