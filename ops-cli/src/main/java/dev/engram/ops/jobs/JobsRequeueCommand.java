package dev.engram.ops.jobs;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.GenerationJobStore.JobOfTeam;
import dev.engram.core.store.GenerationJobStore.RequeueFilter;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import dev.engram.ops.progress.ProgressBar;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram jobs requeue}: retries every failed job the filters select, at most {@code --rate} a second,
 * each as {@code engram jobs retry} does it (one conditional statement with its audit row), so running it
 * twice requeues nothing twice and a job retried meanwhile is skipped. Shows its progress.
 */
@Command(name = "requeue", description = "Retry failed jobs in bulk, throttled and audited.",
        mixinStandardHelpOptions = true)
public final class JobsRequeueCommand implements Callable<Integer> {

    private static final int PAGE = 500;

    @Option(names = "--lane", description = "Only this lane's jobs (event, event-batch, summary, reindex).")
    private @Nullable String lane;

    @Option(names = "--team", description = "Only this team's jobs.")
    private @Nullable String team;

    @Option(names = "--since", paramLabel = "<ISO time>", description = "Failed at or after this time.")
    private @Nullable Instant since;

    @Option(names = "--until", paramLabel = "<ISO time>", description = "Failed before this time.")
    private @Nullable Instant until;

    @Option(names = "--error", paramLabel = "<text>", description = "Only jobs whose last error contains this text "
            + "(case-insensitive), e.g. 429.")
    private @Nullable String error;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "<jobs/s>",
            description = "At most this many jobs a second (default ${DEFAULT-VALUE}).")
    private int rate = 50;

    @Option(names = "--dry-run", description = "Only count the jobs that would be requeued.")
    private boolean dryRun;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (rate < 1 || rate > 10_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 10000 jobs a second");
        }
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        RequeueFilter filter = new RequeueFilter(team, lane, since, until, error);
        List<JobOfTeam> selected = select(database, filter);
        PrintWriter out = spec.commandLine().getOut();
        if (selected.isEmpty() || dryRun) {
            out.println(selected.size() + " failed jobs match" + (dryRun ? " (dry run: nothing requeued)." : "."));
            out.flush();
            return 0;
        }
        out.println("Requeueing " + selected.size() + " failed jobs, at most " + rate + " a second.");
        JobOperator operator = new JobOperator(database);
        ProgressBar progress = new ProgressBar(out, selected.size());
        int requeued = 0;
        int skipped = 0;
        long start = System.nanoTime();
        for (int i = 0; i < selected.size(); i++) {
            long due = start + TimeUnit.SECONDS.toNanos(i) / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            JobOperator.Result result = operator.retry(selected.get(i).id(), JobOperator.newRequestId());
            if (result.outcome() == JobOperator.Outcome.DONE) {
                requeued++;
            } else {
                skipped++;
            }
            progress.show(i + 1);
        }
        progress.done();
        out.println("Requeued " + requeued + " jobs" + (skipped == 0 ? "" : "; " + skipped
                + " were no longer failed (retried or cancelled meanwhile) and were left alone") + ".");
        out.flush();
        return 0;
    }

    private static List<JobOfTeam> select(DatabaseSettings database, RequeueFilter filter) {
        return PostgresConnections.inTransaction(database, jdbc -> {
            GenerationJobStore jobs = new GenerationJobStore(jdbc);
            List<JobOfTeam> all = new ArrayList<>();
            String after = "";
            while (true) {
                List<JobOfTeam> page = jobs.failedForRequeue(filter, after, PAGE);
                all.addAll(page);
                if (page.size() < PAGE) {
                    return all;
                }
                after = page.get(page.size() - 1).id();
            }
        });
    }
}
