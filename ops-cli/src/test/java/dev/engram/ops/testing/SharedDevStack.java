package dev.engram.ops.testing;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.dev.DevStackOptions;
import dev.engram.ops.dev.KafkaBrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One whole Engram stack (Kafka broker, ingest API, both processors) per test JVM, on free ports,
 * against the {@code engram_it_ops} test database. Starting it takes tens of seconds, so every test
 * class that needs the pipeline shares it; it starts on first use and stops when the JVM exits.
 */
public final class SharedDevStack {

    private static @Nullable DevStack stack;
    private static @Nullable RuntimeException startFailure;

    private SharedDevStack() {
    }

    /** The running stack, started on the first call. A failed start is reported again, not retried. */
    public static synchronized DevStack get() {
        if (startFailure != null) {
            throw new IllegalStateException("the shared dev stack failed to start earlier", startFailure);
        }
        if (stack == null) {
            DevStack started;
            try {
                started = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-dev-stack-shutdown"));
            stack = started;
        }
        return stack;
    }

    /** The database the shared stack uses, for tests that check rows directly. */
    public static TestDatabase database() {
        return TestDatabase.fresh("ops");
    }

    private static DevStack start() {
        int[] ports = FreePorts.take(2);
        Path dir = tempDir();
        DevStackOptions options = DevStackOptions.defaults()
                .withKafka(new KafkaBrokerSettings(ports[0], ports[1], dir.resolve("kafka")))
                .withHttpPort(0)
                .withDatabase(database().springProperties())
                // Short debounce windows keep the pipeline tests of that policy quick.
                .withIngestProperties(Map.of("engram.generation.debounce-window", "2s",
                        "engram.generation.debounce-grace", "500ms"))
                .withStateDir(dir);
        return DevStack.start(options, System.out);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("engram-dev-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
