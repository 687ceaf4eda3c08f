package dev.engram.ops;

import dev.engram.ops.dev.DevLog;
import dev.engram.ops.dev.KafkaBroker;
import dev.engram.ops.dev.KafkaBrokerSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram broker}: the KRaft broker {@code engram dev} embeds, as a process of its own until Ctrl-C (or
 * SIGTERM), so that the stack can run against it ({@code engram dev --external-broker localhost:9092}) and it can be
 * stopped, killed and restarted on its own.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run the single-node Kafka broker (KRaft) that engram dev embeds, as its own process, until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default ${DEFAULT-VALUE}).")
    private int kafkaPort = KafkaBrokerSettings.DEFAULT_PORT;

    @Option(names = "--kafka-controller-port", defaultValue = "9093",
            description = "Kafka KRaft controller port (default ${DEFAULT-VALUE}).")
    private int kafkaControllerPort = KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT;

    @Option(names = "--state-dir", defaultValue = ".engram",
            description = "Directory for the broker's data, kept across restarts (default ${DEFAULT-VALUE}; "
                    + "the same as engram dev's, whose <state-dir>/kafka it uses).")
    private Path stateDir = Path.of(".engram");

    @Option(names = "--verbose", description = "Show the broker's log lines here too, not only in "
            + "<state-dir>/logs/engram-broker.log.")
    private boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        Path log = DevLog.brokerToFile(stateDir, verbose);
        KafkaBroker broker = new KafkaBroker(new KafkaBrokerSettings(kafkaPort, kafkaControllerPort,
                stateDir.resolve("kafka")));
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the broker ...");
            broker.close();
            stopped.countDown();
        }, "engram-broker-shutdown"));
        out.println("Kafka broker: " + broker.bootstrapServers() + " (cluster " + broker.clusterId() + ", data in "
                + stateDir.resolve("kafka") + ")");
        out.println("Run the stack against it: engram dev --external-broker " + broker.bootstrapServers());
        out.println("Logs: " + log);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
