package dev.engram.ops.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One process of the fault suite's stack (the broker or an app), started, SIGKILLed and started again from the same
 * command; its output is appended to one log file across restarts, so a failure can be read there.
 */
final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final @Nullable Integer healthPort;
    private @Nullable Process process;
    private int starts;

    /**
     * @param healthPort the port whose {@code /actuator/health/readiness} says the process is ready; null for the
     *        broker, which is ready when its log says so
     */
    AppProcess(String name, List<String> command, Map<String, String> environment, Path log,
            @Nullable Integer healthPort) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = log;
        this.healthPort = healthPort;
    }

    String name() {
        return name;
    }

    /** Starts the process and waits until it is ready. */
    AppProcess start() {
        long logged = size();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + (++starts) + " of " + name + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Process started = process;
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited before it was ready; see " + log, () -> !started.isAlive())
                .until(() -> healthPort == null ? logSince(logged).contains("Press Ctrl-C to stop.") : ready());
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing closed in order. */
    void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " outlived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** GET {@code path} on the process's HTTP port: status and body, or null when nothing answers. */
    @Nullable HttpResponse<String> get(String path) {
        if (healthPort == null) {
            throw new IllegalStateException(name + " has no HTTP port");
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Path log() {
        return log;
    }

    boolean logContains(Predicate<String> line) {
        return logSince(0).lines().anyMatch(line);
    }

    private boolean ready() {
        HttpResponse<String> answer = get("/actuator/health/readiness");
        return answer != null && answer.statusCode() == 200;
    }

    private long size() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        Process running = process;
        if (running != null) {
            running.destroy();
            try {
                if (!running.waitFor(30, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.destroyForcibly();
            }
            process = null;
        }
    }
}
