package dev.engram.ops.reindex;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobStatus;
import dev.engram.core.job.ReindexScope;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.AuditStore;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.TenantStore;
import dev.engram.core.store.TenantStore.ProjectRef;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import dev.engram.ops.progress.ProgressBar;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram reindex}: recomputes the search rows and embeddings of a project's observations (or every
 * project's) through the {@code reindex} lane. Each project's observations are cut, in id order, into scopes of
 * {@code --batch-size} rows; each scope is a job with a deterministic id, enqueued with its outbox row in one
 * transaction with the audit row, so asking twice enqueues nothing twice ({@code --again} runs finished scopes
 * again). The generation processor does the work; this command follows the jobs with a progress bar.
 */
@Command(name = "reindex", description = "Recompute the search rows and embeddings of a project's memory, through "
        + "the reindex lane.", mixinStandardHelpOptions = true)
public final class ReindexCommand implements Callable<Integer> {

    static final String ACTOR = "engram-cli";
    /** Exit status when a scope failed for good. */
    static final int FAILED = 1;
    /** Exit status when the jobs were still running at {@code --timeout}. */
    static final int TIMED_OUT = 2;

    @ArgGroup(multiplicity = "1")
    private Target target = new Target();

    static final class Target {
        @Option(names = "--project", paramLabel = "<project>", description = "Reindex this project.")
        @Nullable String project;

        @Option(names = "--all", description = "Reindex every project (of --team when given).")
        boolean all;
    }

    @Option(names = "--team", description = "With --all: only this team's projects.")
    private @Nullable String team;

    @Option(names = "--batch-size", defaultValue = "200", paramLabel = "<rows>",
            description = "Observations per reindex job (default ${DEFAULT-VALUE}, at most 5000).")
    private int batchSize = 200;

    @Option(names = "--again", description = "Run scopes that were reindexed before again (by default a scope "
            + "already reindexed is left alone).")
    private boolean again;

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Follow the jobs until they finish (default); --no-wait returns once they are queued.")
    private boolean wait = true;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "<seconds>",
            description = "Stop following after this long; the jobs go on (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 600;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (batchSize < 1 || batchSize > 5_000) {
            throw new IllegalArgumentException("--batch-size must be between 1 and 5000 observations");
        }
        if (team != null && !target.all) {
            throw new IllegalArgumentException("--team goes with --all (a project names its team itself)");
        }
        DatabaseSettings database = databaseOptions.settings();
        new SchemaMigrator(database).migrate();
        PrintWriter out = spec.commandLine().getOut();
        String requestId = "cli-" + UUID.randomUUID();
        List<String> queued = new ArrayList<>();
        for (ProjectRef project : projects(database)) {
            Enqueued enqueued = PostgresConnections.inTransaction(database, jdbc -> enqueue(jdbc, project, requestId));
            out.println(enqueued.describe(project, again));
            queued.addAll(enqueued.queued());
        }
        out.flush();
        if (queued.isEmpty() || !wait) {
            if (!queued.isEmpty()) {
                out.println("Follow them with: engram jobs status (lane reindex)");
                out.flush();
            }
            return 0;
        }
        return follow(database, queued, out);
    }

    private List<ProjectRef> projects(DatabaseSettings database) {
        return PostgresConnections.inTransaction(database, jdbc -> {
            TenantStore tenants = new TenantStore(jdbc);
            if (target.all) {
                return tenants.projects(team);
            }
            String project = target.project;
            String owner = tenants.teamOf(project).orElseThrow(() -> new IllegalArgumentException(
                    "no project '" + project + "' (engram keys list shows the projects keys were made for)"));
            return List.of(new ProjectRef(owner, project));
        });
    }

    private Enqueued enqueue(org.springframework.jdbc.core.simple.JdbcClient jdbc, ProjectRef project,
            String requestId) {
        GenerationJobStore jobs = new GenerationJobStore(jdbc);
        List<ReindexScope> scopes = new ObservationStore(jdbc).reindexScopes(project.teamId(), project.projectId(),
                batchSize);
        List<JobPayload> payloads = scopes.stream().map(scope -> JobPayload.forReindex(project.teamId(),
                project.projectId(), scope, ACTOR, requestId)).toList();
        List<String> queued = new ArrayList<>(jobs.enqueueAll(payloads));
        int created = queued.size();
        int rerun = 0;
        if (again) {
            String details = "{\"by\":\"operator\",\"via\":\"cli\",\"requestId\":\"" + requestId + "\"}";
            for (JobPayload payload : payloads) {
                String id = payload.generationJobId();
                if (!queued.contains(id) && jobs.rerunReindex(id, project.teamId(), details)) {
                    queued.add(id);
                    rerun++;
                }
            }
        }
        long rows = scopes.stream().mapToLong(ReindexScope::rows).sum();
        if (!queued.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("scopes", scopes.size());
            details.put("observations", rows);
            details.put("queued", queued.size());
            details.put("batchSize", batchSize);
            details.put("via", "cli");
            new AuditStore(jdbc).append(project.teamId(), project.projectId(), ACTOR, null, "project.reindex_requested",
                    "project", project.projectId(), requestId, details);
        }
        return new Enqueued(scopes.size(), rows, created, rerun, queued);
    }

    private int follow(DatabaseSettings database, List<String> jobIds, PrintWriter out) throws InterruptedException {
        out.println("Reindexing " + jobIds.size() + " scopes (Ctrl-C stops following; the jobs go on):");
        ProgressBar progress = new ProgressBar(out, jobIds.size());
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        Map<JobStatus, Long> counts;
        while (true) {
            counts = PostgresConnections.inTransaction(database, jdbc -> new GenerationJobStore(jdbc)
                    .statusCounts(jobIds));
            long finished = count(counts, JobStatus.COMPLETED) + count(counts, JobStatus.FAILED)
                    + count(counts, JobStatus.CANCELLED);
            progress.show(finished);
            if (finished >= jobIds.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                progress.done();
                out.println("Still running after " + timeoutSeconds + " s: " + (jobIds.size() - finished)
                        + " scopes left. Is a generation processor running? engram doctor checks.");
                out.flush();
                return TIMED_OUT;
            }
            Thread.sleep(250);
        }
        progress.done();
        long failed = count(counts, JobStatus.FAILED);
        long cancelled = count(counts, JobStatus.CANCELLED);
        out.println("Reindexed " + count(counts, JobStatus.COMPLETED) + " scopes"
                + (failed + cancelled == 0 ? "." : "; " + failed + " failed and " + cancelled
                + " were cancelled: engram jobs list --lane reindex --status failed"));
        out.flush();
        return failed > 0 ? FAILED : 0;
    }

    private static long count(Map<JobStatus, Long> counts, JobStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    /** What asking for one project's reindex did. */
    private record Enqueued(int scopes, long rows, int created, int rerun, List<String> queued) {

        String describe(ProjectRef project, boolean again) {
            String name = "Project " + project.projectId() + " (team " + project.teamId() + ")";
            if (scopes == 0) {
                return name + ": no observations, nothing to reindex.";
            }
            int untouched = scopes - created - rerun;
            StringBuilder line = new StringBuilder(name).append(": ").append(rows).append(" observations in ")
                    .append(scopes).append(scopes == 1 ? " scope: " : " scopes: ").append(created).append(" queued");
            if (rerun > 0) {
                line.append(", ").append(rerun).append(" queued again");
            }
            if (untouched > 0) {
                line.append(", ").append(untouched).append(again ? " still running (left alone)"
                        : " reindexed before or running (left alone; --again runs finished ones again)");
            }
            return line.append('.').toString();
        }
    }
}
