package dev.engram.ops.testing;

import dev.engram.core.testing.TestDatabase;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.dev.DevStackOptions;
import dev.engram.ops.dev.KafkaBrokerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    private static final ByteArrayOutputStream STARTUP_TERMINAL = new ByteArrayOutputStream();
    private static @Nullable RuntimeException startFailure;
    private static final TraceCollector TRACES = TraceCollector.start();

    private static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

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

    /** Everything the terminal showed while the shared stack started: its own lines and any log line let through. */
    public static String startupTerminal() {
        get();
        synchronized (STARTUP_TERMINAL) {
            return STARTUP_TERMINAL.toString(StandardCharsets.UTF_8);
        }
    }

    /** Where every app of the shared stack exports its spans (OTLP/HTTP). */
    public static TraceCollector traces() {
        return TRACES;
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
                        "engram.generation.debounce-grace", "500ms", OTLP_ENDPOINT, TRACES.endpoint()))
                .withProcessorProperties(Map.of(OTLP_ENDPOINT, TRACES.endpoint()))
                .withStateDir(dir);
        // What reaches the terminal during start-up is kept (and still shown): stack lines and log lines alike.
        PrintStream terminal = System.out;
        PrintStream tee = new PrintStream(new TeeOutputStream(terminal, STARTUP_TERMINAL), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            return DevStack.start(options, tee);
        } finally {
            System.setOut(terminal);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("engram-dev-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to the terminal and to a buffer. */
    private static final class TeeOutputStream extends OutputStream {

        private final OutputStream terminal;
        private final ByteArrayOutputStream copy;

        TeeOutputStream(OutputStream terminal, ByteArrayOutputStream copy) {
            this.terminal = terminal;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            terminal.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            terminal.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            terminal.flush();
        }
    }
}
