package dev.engram.ops.bench;

import dev.engram.core.settings.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The three apps as processes of their own, each started from its exec jar with {@code JAVA_TOOL_OPTIONS}, as
 * their images run them: where {@code engram dev} holds every app in one JVM, this is how each one's memory can be
 * read ({@code VmHWM}, the peak resident set, from {@code /proc/<pid>/status}).
 */
final class AppProcesses implements AutoCloseable {

    /** An app: its module (and jar name), the variable its HTTP port is set by, and its readiness probe. */
    record App(String module, String portVariable, String healthPath) {

        /** {@code <root>/<module>/target/engram-<module>-<version>-exec.jar}, the newest if several. */
        Optional<Path> jarIn(Path root) {
            Path target = root.resolve(module).resolve("target");
            if (!Files.isDirectory(target)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.startsWith("engram-" + module + "-") && name.endsWith("-exec.jar");
                }).max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
    }

    static final List<App> APPS = List.of(
            new App("ingest-api", "ENGRAM_PORT", "/actuator/health/readiness"),
            new App("generation-processor", "ENGRAM_GENERATION_PORT", "/actuator/health/readiness"),
            new App("summary-processor", "ENGRAM_SUMMARY_PORT", "/actuator/health/readiness"));

    private final Map<App, Process> processes;
    private final Map<App, Integer> ports;

    private AppProcesses(Map<App, Process> processes, Map<App, Integer> ports) {
        this.processes = processes;
        this.ports = ports;
    }

    /** The apps whose exec jar is missing under {@code root} (built by {@code ./mvnw package}). */
    static List<String> missingJars(Path root) {
        return APPS.stream().filter(app -> app.jarIn(root).isEmpty()).map(App::module).toList();
    }

    /**
     * Starts every app against {@code database} and the broker at {@code bootstrapServers}, on the ports given in
     * the order of {@link #APPS}, with their output in {@code logs/<module>.log}, and waits until each one is ready.
     */
    static AppProcesses start(Path root, DatabaseSettings database, String bootstrapServers, List<Integer> ports,
            String javaOptions, Path logs, Duration timeout) {
        Map<App, Process> started = new LinkedHashMap<>();
        Map<App, Integer> portOf = new LinkedHashMap<>();
        AppProcesses apps = new AppProcesses(started, portOf);
        try {
            Files.createDirectories(logs);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int i = 0; i < APPS.size(); i++) {
                App app = APPS.get(i);
                Path jar = app.jarIn(root).orElseThrow(() -> new IllegalStateException(
                        app.module() + " has no exec jar under " + root + "; run ./mvnw package"));
                ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true)
                        .redirectOutput(logs.resolve(app.module() + ".log").toFile());
                Map<String, String> environment = builder.environment();
                environment.put("JAVA_TOOL_OPTIONS", javaOptions);
                environment.put("ENGRAM_DB_HOST", database.host());
                environment.put("ENGRAM_DB_PORT", String.valueOf(database.port()));
                environment.put("ENGRAM_DB_NAME", database.name());
                environment.put("ENGRAM_DB_USER", database.user());
                environment.put("ENGRAM_DB_PASSWORD", database.password());
                environment.put("ENGRAM_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
                environment.put(app.portVariable(), String.valueOf(ports.get(i)));
                started.put(app, builder.start());
                portOf.put(app, ports.get(i));
            }
            for (App app : APPS) {
                apps.awaitReady(app, timeout, logs.resolve(app.module() + ".log"));
            }
            return apps;
        } catch (IOException e) {
            apps.close();
            throw new UncheckedIOException("cannot start the apps", e);
        } catch (RuntimeException e) {
            apps.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ports.get(APPS.get(0));
    }

    /** Each app's peak resident set so far, in MB, by module; an app whose figure cannot be read is left out. */
    Map<String, Double> peakMegabytes() {
        Map<String, Double> peaks = new LinkedHashMap<>();
        processes.forEach((app, process) -> MemorySampler.kilobytes(
                Path.of("/proc", String.valueOf(process.pid()), "status"), "VmHWM")
                .ifPresent(kilobytes -> peaks.put(app.module(), kilobytes / 1024.0)));
        return peaks;
    }

    private void awaitReady(App app, Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + ports.get(app) + app.healthPath());
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = processes.get(app);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(app.module() + " exited with code " + process.exitValue()
                        + " while starting; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + app.module(), e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + app.module(), e);
            }
        }
        throw new IllegalStateException(app.module() + " was not ready within " + timeout.toSeconds() + " s; see "
                + log);
    }

    /** Stops every app as its container would be stopped (SIGTERM), then kills what is left after 30 s. */
    @Override
    public void close() {
        List<Process> running = new ArrayList<>(processes.values());
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
