package dev.engram.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobPayload;
import dev.engram.core.job.ReindexScope;
import dev.engram.core.sql.GenerationJobsSql;
import dev.engram.core.sql.OutboxSql;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The plans Postgres picks for the statements that read the outbox and the jobs while they hold a backlog, on the
 * statistics a database without autovacuum really has: none (new tables), or taken while nothing was unpublished. Each
 * must walk an index to the rows it wants; under these statistics the old statements read every unpublished row (for
 * each job probed, or for each claim) or every queued job (V13, {@link OutboxSql#RELAY_SESSION_OPTIONS},
 * {@link GenerationJobsSql#WALK_INDEXES}).
 */
class BacklogPlansTest {

    private static final int BACKLOG = 3_000;

    private static @Nullable TestTenant neverAnalyzedTenant;

    @Test
    void probesOfAJobsOutboxRowsUseTheIndexByJobOnStatisticsTakenWhenNothingWasUnpublished() throws Exception {
        TestDatabase database = TestDatabase.fresh("core_outbox_plans_stale");
        TestTenant tenant = TestTenant.create(database);
        List<String> backlog;
        try (Connection connection = database.connect()) {
            JdbcClient jdbc = jdbc(connection);
            enqueue(tenant, jdbc, BACKLOG);
            jdbc.sql("UPDATE outbox SET published_at = now()").update();
            jdbc.sql("ANALYZE outbox").update();
            jdbc.sql("ANALYZE generation_jobs").update();
            backlog = enqueue(tenant, jdbc, BACKLOG);

            Map<String, String> plans = Map.of(
                    "a processor's claim", explain(jdbc, GenerationJobsSql.CLAIM_ALL, Map.of(
                            "ids", backlog.subList(0, 100).toArray(String[]::new),
                            "token", UUID.randomUUID().toString(), "leaseSeconds", 300.0)),
                    "the health reading of ready jobs", explain(jdbc, GenerationJobsSql.READY_BY_LANE,
                            Map.of("team", tenant.teamId(), "limit", 10_000L)),
                    "the reconciler", explain(jdbc, OutboxSql.REPUBLISH_STRANDED, Map.of(
                            "republishAfterSeconds", 0.0, "leaseSeconds", 0.0, "limit", 500)));
            plans.forEach((statement, plan) -> assertThat(plan).as(statement)
                    .contains("outbox_job_idx")
                    .doesNotContain("outbox_unpublished_idx"));
        }
    }

    @Test
    void theRelaysClaimWalksTheUnpublishedRowsInOrderWithoutStatistics() throws Exception {
        try (Connection relay = relaySession(neverAnalyzed())) {
            String plan = explain(jdbc(relay), OutboxSql.CLAIM_DUE, Map.of("limit", 500));
            assertThat(plan).contains("Index Scan using outbox_unpublished_idx")
                    .doesNotContain("Sort")
                    .doesNotContain("Bitmap");
        }
    }

    @Test
    void theBoundedHealthReadingsWalkTheirIndexesWithoutStatistics() throws Exception {
        try (Connection connection = neverAnalyzed().connect()) {
            connection.setAutoCommit(false);
            JdbcClient jdbc = jdbc(connection);
            jdbc.sql(GenerationJobsSql.WALK_INDEXES).query().listOfRows();
            Map<String, @Nullable Object> readyJobs = new HashMap<>();
            readyJobs.put("team", null);
            readyJobs.put("limit", 10_000L);
            Map<String, String> plans = Map.of(
                    "the ready jobs", explain(jdbc, GenerationJobsSql.READY_BY_LANE, readyJobs),
                    "the due outbox rows", explain(jdbc, OutboxSql.DUE_BACKLOG_BY_LANE, Map.of("limit", 10_000L)));
            connection.rollback();
            assertThat(plans.get("the ready jobs")).contains("Index Scan using generation_jobs_unfinished_idx");
            assertThat(plans.get("the due outbox rows")).contains("Index Scan using outbox_unpublished_idx");
            plans.forEach((reading, plan) -> assertThat(plan).as(reading)
                    .doesNotContain("Sort")
                    .doesNotContain("Bitmap"));
        }
    }

    /** A database whose tables were never analyzed, holding a backlog of queued jobs with unpublished rows. */
    private static synchronized TestDatabase neverAnalyzed() throws SQLException {
        TestDatabase database = TestDatabase.fresh("core_outbox_plans_none");
        if (neverAnalyzedTenant == null) {
            TestTenant tenant = TestTenant.create(database);
            try (Connection writer = database.connect()) {
                enqueue(tenant, jdbc(writer), BACKLOG);
            }
            neverAnalyzedTenant = tenant;
        }
        return database;
    }

    /** A session opened as the relay opens its own. */
    private static Connection relaySession(TestDatabase database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("options", OutboxStore.SESSION_OPTIONS);
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private static String explain(JdbcClient jdbc, String sql, Map<String, ?> params) {
        return String.join("\n", jdbc.sql("EXPLAIN " + sql).params(params).query(String.class).list());
    }

    /** {@code n} queued jobs with their outbox rows, as ingest writes them; their ids. */
    static List<String> enqueue(TestTenant tenant, JdbcClient jdbc, int n) {
        List<JobPayload> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            payloads.add(JobPayload.forReindex(tenant.teamId(), tenant.projectId(),
                    new ReindexScope(UUID.randomUUID(), UUID.randomUUID(), 1), null, null));
        }
        new GenerationJobStore(jdbc).enqueueAll(payloads);
        return payloads.stream().map(JobPayload::generationJobId).toList();
    }

    private static JdbcClient jdbc(Connection connection) {
        return JdbcClient.create(new SingleConnectionDataSource(connection, true));
    }
}
