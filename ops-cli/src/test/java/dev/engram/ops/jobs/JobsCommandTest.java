package dev.engram.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import dev.engram.ops.EngramCommand;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.testing.FreePorts;
import dev.engram.ops.testing.SharedDevStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code engram jobs} against the real services: list, show, retry, cancel and requeue on a database no relay
 * reads (so that what they write stays put to be checked), status on the shared dev stack (its broker, its
 * consumer groups).
 */
class JobsCommandTest {

    private static final TestDatabase QUIET = TestDatabase.fresh("ops_jobs");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    @Test
    void listShowRetryAndCancelOneJobWithTheirAuditRows() {
        TestTenant tenant = TestTenant.create(QUIET);
        String failed = job(tenant, "failed", "provider answered 429 Too Many Requests", 3);
        String completed = job(tenant, "completed", null, 2);
        String queued = job(tenant, "queued", null, 1);

        assertThat(run(QUIET, "jobs", "list", "--team", tenant.teamId(), "--status", "failed,completed"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains(failed).contains(completed).doesNotContain(queued).contains("429");
        clear();

        assertThat(run(QUIET, "jobs", "show", failed)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("status failed, attempts 3/3").contains("\"generation_job_id\"")
                .contains("History:").contains("failed (status failed");
        clear();

        assertThat(run(QUIET, "jobs", "retry", failed)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is queued again").contains("attempts 2/3");
        assertThat(run(QUIET, "jobs", "retry", failed)).isZero();
        assertThat(out.toString()).contains("is already queued");
        assertThat(run(QUIET, "jobs", "retry", completed)).isEqualTo(JobsRetryCommand.REFUSED);
        assertThat(err.toString()).contains("job " + completed + " is completed; only a failed or cancelled job");
        assertThat(tenant.count("SELECT count(*) FROM outbox WHERE aggregateid = ?", failed)).isOne();
        clear();

        assertThat(run(QUIET, "jobs", "cancel", queued)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is cancelled");
        assertThat(run(QUIET, "jobs", "cancel", queued)).isZero();
        assertThat(out.toString()).contains("was already cancelled");
        assertThat(run(QUIET, "jobs", "cancel", completed)).isEqualTo(JobsRetryCommand.REFUSED);
        assertThat(run(QUIET, "jobs", "show", "evt_nothing")).isNotZero();
        assertThat(err.toString()).contains("no job evt_nothing");

        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? AND actor_id = 'engram-cli' AND action "
                + "IN ('generation_job.retried_by_operator', 'generation_job.cancelled_by_operator')", tenant.teamId()))
                .isEqualTo(2);
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", queued)).isEqualTo("cancelled");

        clear();
        assertThat(run(QUIET, "audit", "--team", tenant.teamId(), "--since", "1h", "--action",
                "generation_job.retried_by_operator")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("generation_job.retried_by_operator").contains("by engram-cli")
                .contains("generation_job " + failed).doesNotContain("cancelled_by_operator");
        clear();
        assertThat(run(QUIET, "audit", "--team", tenant.teamId(), "--json", "--limit", "1")).isZero();
        assertThat(out.toString()).startsWith("[{").contains("\"action\":\"generation_job.cancelled_by_operator\"");
        assertThat(run(QUIET, "audit", "--since", "last tuesday")).isEqualTo(2);
        assertThat(err.toString()).contains("'last tuesday' is neither an ISO-8601 time");
    }

    @Test
    void requeueTakesOnlyTheFailedJobsTheFiltersSelectAndIsIdempotent() {
        TestTenant tenant = TestTenant.create(QUIET);
        for (int i = 0; i < 3; i++) {
            job(tenant, "failed", "provider answered 429 Too Many Requests", 3);
        }
        String parseFailure = job(tenant, "failed", "answer is neither observations nor a skip", 3);
        job(tenant, "completed", null, 1);

        assertThat(run(QUIET, "jobs", "requeue", "--team", tenant.teamId(), "--error", "429", "--dry-run")).isZero();
        assertThat(out.toString()).contains("3 failed jobs match (dry run: nothing requeued).");
        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND status = 'failed'",
                tenant.teamId())).isEqualTo(4);
        clear();

        assertThat(run(QUIET, "jobs", "requeue", "--team", tenant.teamId(), "--error", "too many", "--rate", "20"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Requeueing 3 failed jobs, at most 20 a second.").contains("3/3 (100 %)")
                .contains("Requeued 3 jobs.");
        clear();
        assertThat(run(QUIET, "jobs", "requeue", "--team", tenant.teamId(), "--error", "429")).isZero();
        assertThat(out.toString()).contains("0 failed jobs match.");

        assertThat(tenant.count("SELECT count(*) FROM generation_jobs WHERE team_id = ? AND status = 'queued'",
                tenant.teamId())).isEqualTo(3);
        assertThat(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", parseFailure)).isEqualTo("failed");
        assertThat(tenant.count("SELECT count(*) FROM outbox o JOIN generation_jobs g ON g.id = o.aggregateid "
                + "WHERE g.team_id = ?", tenant.teamId())).isEqualTo(3);
        assertThat(tenant.count("SELECT count(*) FROM audit_log WHERE team_id = ? "
                + "AND action = 'generation_job.retried_by_operator'", tenant.teamId())).isEqualTo(3);
    }

    @Test
    void statusShowsEachLaneFromPostgresTheOutboxAndKafkaAndFlagsWhatDisagrees() {
        DevStack stack = SharedDevStack.get();
        TestDatabase database = SharedDevStack.database();
        String kafka = "--kafka=" + stack.kafkaBootstrapServers();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clear();
            return run(database, "jobs", "status", kafka) == 0;
        });
        assertThat(out.toString()).contains("LANE").contains("event").contains("summary")
                .contains("generation-processor").contains("No disagreement between Postgres, the outbox and Kafka.");

        // A job the relay says it published two minutes ago that no record stands for.
        TestTenant tenant = TestTenant.create(database);
        String stranded = job(tenant, "queued", null, 2);
        tenant.update("UPDATE generation_jobs SET enqueued_at = now() - interval '2 minutes', "
                + "updated_at = now() WHERE id = ?", stranded);
        try {
            clear();
            assertThat(run(database, "jobs", "status", kafka, "--team", tenant.teamId()))
                    .isEqualTo(JobsStatusCommand.FLAGGED);
            assertThat(out.toString()).contains("! event: 1 queued jobs were published but the consumer groups have "
                    + "read everything on engram.jobs.event");
            clear();
            assertThat(run(database, "jobs", "status", kafka, "--json", "--team", tenant.teamId()))
                    .isEqualTo(JobsStatusCommand.FLAGGED);
            assertThat(out.toString()).contains("\"publishedQueued\":1").contains("\"flags\":[");
        } finally {
            tenant.update("UPDATE generation_jobs SET status = 'cancelled', cancelled_at = now() WHERE id = ?",
                    stranded);
        }

        clear();
        int closed = FreePorts.take(1)[0];
        assertThat(run(database, "jobs", "status", "--kafka=127.0.0.1:" + closed)).isZero();
        assertThat(out.toString()).contains("Kafka lag unknown: Kafka at 127.0.0.1:" + closed)
                .contains("Kafka was not checked");
    }

    /** A job of the tenant's project in {@code status}, created {@code minutesAgo}, with no outbox row. */
    private static String job(TestTenant tenant, String status, String error, int minutesAgo) {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String source = UUID.randomUUID().toString();
        tenant.update("INSERT INTO generation_jobs (id, team_id, project_id, source_type, source_id, job_type, lane, "
                + "status, attempts, payload, last_error, created_at, failed_at, completed_at) "
                + "VALUES (?, ?, ?, 'agent_event', ?, 'event', 'event', ?, 3, jsonb_build_object('version', 1, "
                + "'kind', 'event', 'team_id', ?::text, 'project_id', ?::text, 'source_type', 'agent_event', "
                + "'source_id', ?::text, 'generation_job_id', ?::text), "
                + "CASE WHEN ?::text IS NULL THEN NULL ELSE jsonb_build_object('reason', ?::text, "
                + "'classification', 'retryable') END, now() - make_interval(mins => ?), "
                + "CASE WHEN ? = 'failed' THEN now() END, CASE WHEN ? = 'completed' THEN now() END)",
                id, tenant.teamId(), tenant.projectId(), source, status, tenant.teamId(), tenant.projectId(), source, id,
                error, error, minutesAgo, status, status);
        tenant.update("INSERT INTO generation_job_events (job_id, team_id, project_id, event_type, status, attempt) "
                + "VALUES (?, ?, ?, ?, ?, 3)", id, tenant.teamId(), tenant.projectId(), status, status);
        return id;
    }

    private int run(TestDatabase db, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 5);
        all[args.length] = "--db-host=" + db.host();
        all[args.length + 1] = "--db-port=" + db.port();
        all[args.length + 2] = "--db-name=" + db.name();
        all[args.length + 3] = "--db-user=" + db.user();
        all[args.length + 4] = "--db-password=" + db.password();
        CommandLine cli = EngramCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all);
    }
}
