package dev.engram.ops.bench;

import dev.engram.core.settings.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs pgbench over loopback TCP on one of the transactions in {@code /bench/pgbench-*.sql} (Engram's own
 * schema, every index in place): the physical limit each ingest figure is a ratio against.
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+)", Pattern.MULTILINE);

    private final DatabaseSettings database;
    private final Path workDir;

    Pgbench(DatabaseSettings database, Path workDir) {
        this.database = database;
        this.workDir = workDir;
    }

    static boolean installed() {
        return Processes.onPath("pgbench");
    }

    /** Transactions per second of {@code script} ({@code event} or {@code batch}) at {@code clients}. */
    double run(String script, int clients, Duration duration, int batch) {
        Path file = workDir.resolve("pgbench-" + script + ".sql");
        Processes.copyResource("/bench/pgbench-" + script + ".sql", file);
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", database.host(),
                "-p", String.valueOf(database.port()), "-U", database.user(), "-c", String.valueOf(clients),
                "-j", "2", "-T", String.valueOf(Math.max(1, duration.toSeconds())), "-M", "prepared",
                "-D", "batch=" + batch, "-f", file.toString(), database.name()));
        Processes.Result result = Processes.run(command, workDir.resolve("pgbench-" + script + ".log"),
                duration.plusSeconds(60), "PGPASSWORD", database.password());
        Matcher tps = TPS.matcher(result.output());
        if (result.exitCode() != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench " + script + " failed (exit " + result.exitCode() + "): "
                    + result.tail());
        }
        return Double.parseDouble(tps.group(1));
    }
}
