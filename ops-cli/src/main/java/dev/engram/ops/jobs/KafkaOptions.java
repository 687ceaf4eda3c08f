package dev.engram.ops.jobs;

import picocli.CommandLine.Option;

/** Where the Kafka broker is, for the commands that ask it (the consumer groups' lag). */
final class KafkaOptions {

    @Option(names = "--kafka", paramLabel = "<host:port>",
            defaultValue = "${env:ENGRAM_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env ENGRAM_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";
}
