package dev.engram.ops.jobs;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.GenerationJobStore.HistoryEntry;
import dev.engram.core.store.GenerationJobStore.OperatorJob;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram jobs show}: one job, its payload and its whole history. */
@Command(name = "show", description = "Show one job with its payload and history.", mixinStandardHelpOptions = true)
public final class JobsShowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<job id>")
    private String id = "";

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        record Shown(OperatorJob job, List<HistoryEntry> history) {
        }
        Shown shown = PostgresConnections.inTransaction(database, jdbc -> {
            GenerationJobStore jobs = new GenerationJobStore(jdbc);
            OperatorJob job = jobs.findForOperator(id)
                    .orElseThrow(() -> new IllegalArgumentException("no job " + id + " (engram jobs list shows them)"));
            return new Shown(job, jobs.history(id));
        });
        OperatorJob job = shown.job();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Job " + job.id());
        out.println("  lane " + job.lane() + ", kind " + job.jobType() + ", team " + job.teamId() + ", project "
                + job.projectId());
        out.println("  source " + job.sourceType() + " " + job.sourceId());
        out.println("  status " + job.status().wireName() + ", attempts " + job.attempts() + "/" + job.maxAttempts());
        out.println("  created " + time(job.createdAt()) + ", updated " + time(job.updatedAt()) + ", published "
                + time(job.enqueuedAt()) + ", completed " + time(job.completedAt()) + ", failed "
                + time(job.failedAt()) + ", cancelled " + time(job.cancelledAt()));
        if (job.lastErrorJson() != null) {
            out.println("  last error " + job.lastErrorJson());
        }
        out.println("  payload " + job.payloadJson());
        out.println("History:");
        for (HistoryEntry entry : shown.history()) {
            out.println("  " + time(entry.at()) + "  " + entry.eventType() + " (status " + entry.status() + ", attempt "
                    + entry.attempt() + ")" + ("{}".equals(entry.detailsJson()) ? "" : " " + entry.detailsJson()));
        }
        out.flush();
        return 0;
    }

    private static String time(@Nullable Instant instant) {
        return instant == null ? "-" : JobsListCommand.TIME.format(instant);
    }
}
