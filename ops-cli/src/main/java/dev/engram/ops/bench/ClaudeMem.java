package dev.engram.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * claude-mem's own server, installed and started by the shared baseline script ({@code claude-mem-up.sh}:
 * it prints {@code KEY=... PROJECT=... BASE=...}), and stopped again: its process killed, its database dropped
 * and its Redis database flushed, as that script's README says.
 */
final class ClaudeMem implements AutoCloseable {

    private final Map<String, String> values;
    private final Path directory;

    private ClaudeMem(Map<String, String> values, Path directory) {
        this.values = values;
        this.directory = directory;
    }

    static ClaudeMem start(Path script, Path work) {
        if (!Files.isExecutable(script) && !Files.isReadable(script)) {
            throw new IllegalStateException("no claude-mem start script at " + script.toAbsolutePath()
                    + " (--claude-mem-up)");
        }
        Processes.Result result = Processes.run(List.of("bash", script.toString()), work.resolve("claude-mem-up.log"),
                Duration.ofMinutes(10));
        Map<String, String> values = new HashMap<>();
        // The script prints `KEY=... PROJECT=... BASE=...` for a shell to eval: words, on one line or several.
        for (String word : result.output().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0 && word.substring(0, eq).matches("[A-Z]+")) {
                values.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        String dir = System.getenv().getOrDefault("CM_DIR", "/tmp/cmbase");
        ClaudeMem started = new ClaudeMem(values, Path.of(dir));
        if (result.exitCode() != 0 || !values.keySet().containsAll(List.of("KEY", "PROJECT", "BASE"))) {
            started.close();
            throw new IllegalStateException("claude-mem did not start (exit " + result.exitCode() + "): " + result.tail());
        }
        return started;
    }

    String baseUrl() {
        return values.get("BASE");
    }

    String key() {
        return values.get("KEY");
    }

    String project() {
        return values.get("PROJECT");
    }

    /** Its tables only get statistics when asked (autovacuum is off on the bench machine). */
    void analyze() {
        Processes.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database(), "-qc", "ANALYZE"),
                directory.resolve("analyze.log"), Duration.ofMinutes(2));
    }

    private String database() {
        return System.getenv().getOrDefault("CM_DB", "cmbase");
    }

    @Override
    public void close() {
        try {
            Path pid = directory.resolve("server.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | NumberFormatException e) {
            // Nothing to stop.
        }
        Processes.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                "DROP DATABASE IF EXISTS " + database() + " WITH (FORCE)"), directory.resolve("drop.log"), Duration.ofMinutes(1));
        Processes.run(List.of("redis-cli", "-n", System.getenv().getOrDefault("CM_REDIS_DB", "5"), "flushdb"),
                directory.resolve("flush.log"), Duration.ofMinutes(1));
    }
}
