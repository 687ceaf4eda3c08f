package dev.engram.ops.faults;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.EngramCommand;
import dev.engram.ops.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The deployed shape of Engram, each piece its own OS process so that each can be SIGKILLed alone: {@code engram
 * broker} (the KRaft broker {@code engram dev} embeds), ingest-api, two generation processors in one consumer group
 * and a summary processor, each from its executable jar as built by this reactor, on a database of their own.
 */
final class FaultStack implements AutoCloseable {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    /** Small heaps and the C1 compiler only: five JVMs share two cores with Postgres and the load. */
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");

    final TestDatabase database;
    final AppProcess broker;
    final AppProcess ingest;
    final AppProcess generation;
    final AppProcess generationTwo;
    final AppProcess summary;
    final String bootstrap;
    final int ingestPort;

    private FaultStack(Path dir) {
        database = TestDatabase.fresh("faults");
        int[] ports = FreePorts.take(6);
        bootstrap = "localhost:" + ports[0];
        ingestPort = ports[2];
        broker = new AppProcess("broker", command(List.of("-cp", System.getProperty("java.class.path"),
                EngramCommand.class.getName(), "broker", "--kafka-port", String.valueOf(ports[0]),
                "--kafka-controller-port", String.valueOf(ports[1]), "--state-dir", dir.resolve("broker").toString())),
                Map.of(), dir.resolve("broker.log"), null);
        ingest = app("ingest-api", "ingest-api", Map.of("ENGRAM_PORT", String.valueOf(ports[2])), dir, ports[2]);
        generation = app("generation-processor", "generation-processor",
                Map.of("ENGRAM_GENERATION_PORT", String.valueOf(ports[3])), dir, ports[3]);
        generationTwo = app("generation-processor-2", "generation-processor",
                Map.of("ENGRAM_GENERATION_PORT", String.valueOf(ports[4])), dir, ports[4]);
        summary = app("summary-processor", "summary-processor",
                Map.of("ENGRAM_SUMMARY_PORT", String.valueOf(ports[5])), dir, ports[5]);
    }

    /** Starts every process, broker first, and waits until each is ready. */
    static FaultStack start(Path dir) {
        FaultStack stack = new FaultStack(dir);
        try {
            stack.broker.start();
            stack.ingest.start();
            stack.generation.start();
            stack.generationTwo.start();
            stack.summary.start();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ingestPort;
    }

    private AppProcess app(String name, String module, Map<String, String> port, Path dir, int httpPort) {
        Map<String, String> env = new HashMap<>(port);
        env.put("ENGRAM_DB_HOST", database.host());
        env.put("ENGRAM_DB_PORT", String.valueOf(database.port()));
        env.put("ENGRAM_DB_NAME", database.name());
        env.put("ENGRAM_DB_USER", database.user());
        env.put("ENGRAM_DB_PASSWORD", database.password());
        env.put("ENGRAM_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("ENGRAM_GENERATION_PROVIDER", "rules");
        // the suite is about delivery, not search: no embedding model to load at each restart or to run per row
        env.put("ENGRAM_EMBEDDING_ENABLED", "false");
        return new AppProcess(name, command(List.of("-jar", execJar(module).toString())), env,
                dir.resolve(name + ".log"), httpPort);
    }

    private static List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(JAVA.toString());
        command.addAll(JVM);
        command.addAll(arguments);
        return command;
    }

    /** The module's Spring Boot jar, packaged before ops-cli's tests run. */
    private static Path execJar(String module) {
        Path target = Path.of("..", module, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in " + target.toAbsolutePath()
                            + "; run the build from the root (./mvnw verify) so the apps are packaged first"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (AppProcess process : List.of(summary, generationTwo, generation, ingest, broker)) {
            process.close();
        }
    }
}
