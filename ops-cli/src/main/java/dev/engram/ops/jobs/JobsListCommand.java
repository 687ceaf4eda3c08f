package dev.engram.ops.jobs;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.GenerationJobStore.OperatorFilter;
import dev.engram.core.store.GenerationJobStore.OperatorJob;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code engram jobs list}: the newest jobs of every team (or one), filtered by status, lane and time. */
@Command(name = "list", description = "List jobs, newest first.", mixinStandardHelpOptions = true)
public final class JobsListCommand implements Callable<Integer> {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--status", split = ",", description = "queued, processing, completed, failed, cancelled.")
    private @Nullable List<String> statuses;

    @Option(names = "--lane", split = ",", description = "event, event-batch, summary, reindex.")
    private @Nullable List<String> lanes;

    @Option(names = "--team", description = "Only this team's jobs.")
    private @Nullable String team;

    @Option(names = "--project", description = "Only this project's jobs.")
    private @Nullable String project;

    @Option(names = "--since", paramLabel = "<ISO time>", description = "Created at or after, e.g. 2026-12-01T00:00:00Z.")
    private @Nullable Instant since;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    private int limit = 50;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("--limit must be between 1 and 10000");
        }
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        List<OperatorJob> jobs = PostgresConnections.inTransaction(database, jdbc -> new GenerationJobStore(jdbc)
                .listForOperator(new OperatorFilter(team, project, statuses, lanes, since, limit)));
        PrintWriter out = spec.commandLine().getOut();
        if (jobs.isEmpty()) {
            out.println("No jobs match.");
        } else {
            String row = "%-68s  %-11s  %-12s  %-12s  %-10s  %8s  %-19s  %s%n";
            out.printf(row, "ID", "LANE", "TEAM", "PROJECT", "STATUS", "ATTEMPTS", "CREATED (UTC)", "LAST ERROR");
            for (OperatorJob job : jobs) {
                out.printf(row, job.id(), job.lane(), job.teamId(), job.projectId(), job.status().wireName(),
                        job.attempts() + "/" + job.maxAttempts(), TIME.format(job.createdAt()),
                        job.lastErrorJson() == null ? "" : job.lastErrorJson());
            }
        }
        out.flush();
        return 0;
    }
}
