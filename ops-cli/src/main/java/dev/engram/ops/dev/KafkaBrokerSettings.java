package dev.engram.ops.dev;

import java.nio.file.Path;

/**
 * Where the dev Kafka broker listens and keeps its data.
 *
 * @param port the client (PLAINTEXT) port apps bootstrap from
 * @param controllerPort the KRaft controller port, used only inside the broker
 * @param dataDir holds {@code server.properties} and the log directory; its cluster id is kept across restarts
 */
public record KafkaBrokerSettings(int port, int controllerPort, Path dataDir) {

    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

    /** Port 9092/9093 and {@code .engram/kafka} in the working directory. */
    public static KafkaBrokerSettings defaults() {
        return new KafkaBrokerSettings(DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, Path.of(".engram", "kafka"));
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }
}
